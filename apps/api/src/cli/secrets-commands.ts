import type { Command } from 'commander';
import { SecretsReencryptionService } from '@api/secrets/secrets-reencryption.service';
import { config, EXIT, print, withApp, type GlobalOptions } from './context';
import { progressReporter } from './progress';

type Run = (code: number) => void;

/** secrets:reencrypt. */
export function registerSecretsCommands(program: Command, done: Run): void {
  program
    .command('secrets:reencrypt')
    .description('re-encrypt every stored secret under ENCRYPTION_ACTIVE_KEY_ID')
    .action(async (_options: unknown, command: Command) => {
      const { json } = command.optsWithGlobals<GlobalOptions>();
      const cfg = config();
      let current = '';
      let bar = progressReporter({ json, label: '' });
      const stores = await withApp(cfg, (app) =>
        app.get(SecretsReencryptionService).reencryptAll(({ store, total, done: count }) => {
          if (current !== store) {
            bar.stop();
            current = store;
            bar = progressReporter({ json, label: `Re-encrypting ${store}` });
          }
          bar.update(count, total);
        }),
      );
      bar.stop();
      const total = stores.reduce((sum, store) => sum + store.total, 0);
      const count = stores.reduce((sum, store) => sum + store.done, 0);
      print(
        json,
        { stores, done: count, total },
        `Re-encrypted ${count} secret(s) under key ${cfg.ENCRYPTION_ACTIVE_KEY_ID ?? 'the active key'}: ${stores.map((s) => `${s.store} ${s.done}`).join(', ')}.`,
      );
      done(EXIT.ok);
    });
}
