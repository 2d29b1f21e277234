import 'reflect-metadata';
import { Command, CommanderError, Option } from 'commander';
import { registerAccountsCommands } from '@api/cli/accounts-commands';
import { EXIT, UsageError } from '@api/cli/context';
import { registerDatabaseCommands } from '@api/cli/database-commands';
import { registerDriftCommands } from '@api/cli/drift-commands';
import { registerMatrixCommand } from '@api/cli/matrix-command';
import { registerOpenApiCommand } from '@api/cli/openapi-command';
import { registerSecretsCommands } from '@api/cli/secrets-commands';
import { registerTenantCommands } from '@api/cli/tenant-commands';
import { ProblemException } from '@api/common/problem/problem.exception';

/**
 * `platform <command>`: one file per command group under cli/. Exit codes: 0 ok,
 * 1 failure, 2 usage, 3 partial import, 78 bad configuration.
 */
async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const done = (exit: number): void => {
    code = exit;
  };
  const program = new Command('platform')
    .description('Operator commands of the Saferpay Account Platform (against DATABASE_URL).')
    .addOption(new Option('--json', 'machine-readable output on stdout'))
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failure, 2 usage, 3 partial import (rows rejected), 78 bad configuration.',
    );
  registerDatabaseCommands(program, done);
  registerTenantCommands(program, done);
  registerAccountsCommands(program, done);
  registerMatrixCommand(program, done);
  registerDriftCommands(program, done);
  registerSecretsCommands(program, done);
  registerOpenApiCommand(program, done);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end "successfully"; every other parse error is a usage error.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? EXIT.ok
        : EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return code;
}

/**
 * Exits once stdout and stderr are flushed: on a pipe they are asynchronous, and exiting
 * at once cut a large `openapi` document short.
 */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (error: unknown) => {
    const name = error instanceof Error ? error.constructor.name : '';
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    // A service's problem (unknown franchise, duplicate account…) as JSON for scripts too.
    if (error instanceof ProblemException && process.argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ error: error.toProblem('', undefined) })}\n`);
    }
    exitAfterFlush(name === 'ConfigValidationError' ? EXIT.badConfiguration : EXIT.failure);
  },
);
