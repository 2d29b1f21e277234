import type { Command } from 'commander';
import { CapabilitiesService } from '@api/capabilities/capabilities.service';
import type { CapabilityMatrixDto } from '@api/capabilities/dto/capabilities.dto';
import { MatrixQueryDto } from '@api/capabilities/dto/capabilities.dto';
import { config, EXIT, print, uuid, withApp, type GlobalOptions } from './context';

type Run = (code: number) => void;

/** matrix: a franchise's capability matrix as an aligned table, CSV (the API's) or JSON. */
export function registerMatrixCommand(program: Command, done: Run): void {
  program
    .command('matrix')
    .description("print a franchise's capability matrix (rows × accounts)")
    .requiredOption('--tenant <id>', 'the tenant', uuid)
    .requiredOption('--franchise <id>', 'the franchise', uuid)
    .option('--csv', 'CSV (as GET /franchises/{id}/capability-matrix.csv)')
    .action(
      async (options: { tenant: string; franchise: string; csv?: boolean }, command: Command) => {
        const { json } = command.optsWithGlobals<GlobalOptions>();
        const output = await withApp(config(), async (app) => {
          const capabilities = app.get(CapabilitiesService);
          const query = new MatrixQueryDto();
          if (options.csv) return capabilities.matrixCsv(options.tenant, options.franchise, query);
          const matrix = await capabilities.matrix(options.tenant, options.franchise, query);
          return json ? matrix : table(matrix);
        });
        if (typeof output === 'string')
          process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
        else print(true, output, '');
        done(EXIT.ok);
      },
    );
}

/** Rows × accounts with ✓ where the capability is available. */
export function table(matrix: CapabilityMatrixDto): string {
  const header = ['Capability', ...matrix.columns.map((column) => column.label)];
  const body = matrix.rows.map((row) => [row.label, ...row.cells.map((cell) => (cell ? '✓' : ''))]);
  const lines = [header, ...body];
  const widths = header.map((_, index) =>
    Math.max(...lines.map((line) => [...(line[index] ?? '')].length)),
  );
  const render = (line: string[]): string =>
    line
      .map((value, index) => value + ' '.repeat(widths[index] - [...value].length))
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(render)].join(
    '\n',
  );
}
