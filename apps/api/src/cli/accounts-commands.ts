import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readAccountsCsv } from '@api/merchant-accounts/accounts-csv';
import { MerchantAccountsService } from '@api/merchant-accounts/merchant-accounts.service';
import { config, EXIT, print, uuid, withApp, type GlobalOptions } from './context';
import { followJob } from './follow-job';

type Run = (code: number) => void;

interface ImportOptions {
  tenant: string;
  franchise: string;
  file: string;
}

/**
 * accounts:import: the API's CSV import (same parser and validation), except that
 * bad rows are reported by CSV line and the valid rest is imported; then follows
 * the onboarding job with a job worker running in this process.
 */
export function registerAccountsCommands(program: Command, done: Run): void {
  program
    .command('accounts:import')
    .description('import merchant accounts from a CSV file and follow their onboarding')
    .requiredOption('--tenant <id>', 'the tenant', uuid)
    .requiredOption('--franchise <id>', 'the franchise', uuid)
    .requiredOption('--file <path>', 'CSV: customerId, environment, label, username, password')
    .action(async (options: ImportOptions, command: Command) => {
      const { json } = command.optsWithGlobals<GlobalOptions>();
      const { rows, rejected } = readAccountsCsv(readFileSync(options.file, 'utf8'), {
        relaxColumnCount: true,
      });
      const rejectedReport = rejected.map(({ line, errors }) => ({
        line,
        errors: errors.map((error) => ({
          field: error.pointer.split('/').pop() ?? '',
          detail: error.detail,
        })),
      }));
      for (const row of json ? [] : rejectedReport) {
        const fields = row.errors.map((e) => `${e.field} ${e.detail}`).join('; ');
        process.stderr.write(`Line ${row.line} rejected: ${fields}\n`);
      }
      if (rows.length === 0) {
        print(
          json,
          { imported: 0, rejected: rejectedReport, job: null },
          'No valid row to import.',
        );
        return done(EXIT.failure);
      }
      const job = await withApp(
        config(),
        async (app) => {
          const registered = await app.get(MerchantAccountsService).register(
            options.tenant,
            options.franchise,
            rows.map((row) => row.account),
            '/rows',
          );
          return followJob(app, options.tenant, registered.job.id, {
            json,
            label: 'Onboarding',
          });
        },
        { worker: true },
      );
      const summary = {
        imported: rows.length,
        rejected: rejectedReport,
        job: { id: job.id, status: job.status, progress: job.progress, error: job.error },
      };
      print(
        json,
        summary,
        `Imported ${rows.length} account(s), rejected ${rejected.length} row(s); onboarding job ${job.id} ${job.status} (${job.progress.done - job.progress.failed}/${job.progress.total} onboarded, ${job.progress.failed} failed).`,
      );
      if (job.status !== 'succeeded') return done(EXIT.failure);
      done(rejected.length > 0 ? EXIT.partial : EXIT.ok);
    });
}
