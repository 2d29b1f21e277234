import type { Command } from 'commander';
import { TenantsRepository } from '@api/tenants/tenants.repository';
import { TenantsService } from '@api/tenants/tenants.service';
import { config, EXIT, print, UsageError, uuid, withApp, type GlobalOptions } from './context';

type Run = (code: number) => void;

/** tenants:create, operator-keys:create. */
export function registerTenantCommands(program: Command, done: Run): void {
  program
    .command('tenants:create')
    .description('create a tenant and print its first operator key (once)')
    .requiredOption('--name <name>', "the tenant's name")
    .action(async (options: { name: string }, command: Command) => {
      const { json } = command.optsWithGlobals<GlobalOptions>();
      const name = options.name.trim();
      if (!name) throw new UsageError('--name must not be blank');
      const created = await withApp(config(), (app) => app.get(TenantsService).bootstrap(name));
      print(
        json,
        { tenantId: created.tenant.id, operatorKey: created.operatorKey.token },
        `Tenant ${created.tenant.name} (${created.tenant.id})\nOperator key (shown once): ${created.operatorKey.token}`,
      );
      done(EXIT.ok);
    });

  program
    .command('operator-keys:create')
    .description('issue another operator key of a tenant and print it (once)')
    .requiredOption('--tenant <id>', 'the tenant', uuid)
    .option('--name <name>', "the key's name", 'cli')
    .action(async (options: { tenant: string; name: string }, command: Command) => {
      const { json } = command.optsWithGlobals<GlobalOptions>();
      const name = options.name.trim();
      if (!name) throw new UsageError('--name must not be blank');
      const issued = await withApp(config(), async (app) => {
        if (!(await app.get(TenantsRepository).findById(options.tenant))) {
          throw new Error(`Tenant ${options.tenant} does not exist.`);
        }
        return app.get(TenantsService).issueOperatorKey(options.tenant, name);
      });
      print(
        json,
        { tenantId: options.tenant, id: issued.id, operatorKey: issued.token },
        `Operator key ${issued.id} (shown once): ${issued.token}`,
      );
      done(EXIT.ok);
    });
}
