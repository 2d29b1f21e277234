import type { Command } from 'commander';
import { DriftChecksService } from '@api/drift/drift-checks.service';
import { config, EXIT, print, UsageError, uuid, withApp, type GlobalOptions } from './context';
import { followJob } from './follow-job';

type Run = (code: number) => void;

interface DriftOptions {
  tenant: string;
  franchise?: string;
  account?: string;
  wait?: boolean;
}

/** drift:check: start a drift check now (tenant, franchise or account), optionally wait for it. */
export function registerDriftCommands(program: Command, done: Run): void {
  program
    .command('drift:check')
    .description('run a drift check now (and with --wait, follow it to its end)')
    .requiredOption('--tenant <id>', 'the tenant', uuid)
    .option('--franchise <id>', "only this franchise's accounts", uuid)
    .option('--account <id>', 'only this account', uuid)
    .option('--wait', 'run the check in this process and wait for its result')
    .action(async (options: DriftOptions, command: Command) => {
      const { json } = command.optsWithGlobals<GlobalOptions>();
      if (options.franchise && options.account) {
        throw new UsageError('give --franchise or --account, not both');
      }
      const result = await withApp(
        config(),
        async (app) => {
          const started = await app.get(DriftChecksService).checkNow(options.tenant, {
            ...(options.franchise ? { franchiseId: options.franchise } : {}),
            ...(options.account ? { accountId: options.account } : {}),
          });
          const job = options.wait
            ? await followJob(app, options.tenant, started.job.id, { json, label: 'Drift check' })
            : started.job;
          return { scope: started.scope, accounts: started.accounts, job };
        },
        { worker: options.wait === true },
      );
      const { job } = result;
      print(
        json,
        {
          ...result,
          job: { id: job.id, status: job.status, progress: job.progress, result: job.result },
        },
        options.wait
          ? `Drift check ${job.id} ${job.status}: ${JSON.stringify(job.result ?? job.error)}`
          : `Drift check ${job.id} queued for ${result.accounts} account(s); a running API's worker runs it.`,
      );
      done(options.wait && job.status !== 'succeeded' ? EXIT.failure : EXIT.ok);
    });
}
