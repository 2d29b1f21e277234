/**
 * `matrixToCsv(matrix)`: RFC 4180 CSV (CRLF line ends, fields with `"`, `,`, CR or LF quoted,
 * quotes doubled). Header: Kind, Capability, Code, Currency, Available on, Of, then one
 * column per account (`label (accountId)`). One row per capability; a cell lists where it is
 * available, `ECOM:17654321;SPG:17654322` (type:terminalId), `yes` for a license feature,
 * `yes` / `default` for a payment page config, empty where unavailable.
 *
 * Fields starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so spreadsheets do
 * not run account labels or config names as formulas; pass `{ guardFormulas: false }` for
 * the plain RFC 4180 text.
 */
import type { CapabilityMatrix, MatrixCell, MatrixRow } from './types';

export interface CsvOptions {
  readonly guardFormulas?: boolean;
  /**
   * Aligned with the columns: each account's compliance with the franchise policy. When
   * given, a first `compliance` row says `yes`, or the missing capabilities, per account.
   */
  readonly compliance?: readonly ({
    readonly compliant: boolean;
    readonly gaps: readonly { readonly message: string }[];
  } | null)[];
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string, guardFormulas = true): string {
  const guarded = guardFormulas && FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function cellText(row: MatrixRow, cell: MatrixCell | null): string {
  if (cell === null) return '';
  if (row.kind === 'payment_page_config') return cell.isDefault === true ? 'default' : 'yes';
  if (cell.terminals.length === 0) return 'yes';
  return cell.terminals.map((terminal) => `${terminal.type}:${terminal.terminalId}`).join(';');
}

export function matrixToCsv(matrix: CapabilityMatrix, options: CsvOptions = {}): string {
  const guard = options.guardFormulas ?? true;
  const line = (fields: readonly string[]): string =>
    fields.map((field) => csvField(field, guard)).join(',');
  const header = [
    'Kind',
    'Capability',
    'Code',
    'Currency',
    'Available on',
    'Of',
    ...matrix.columns.map((column) => `${column.label} (${column.accountId})`),
  ];
  // Cells are shared between rows (one per distinct terminal set per account): render once.
  const rendered = new Map<MatrixCell, string>();
  const render = (row: MatrixRow, cell: MatrixCell | null): string => {
    if (cell === null) return '';
    let text = rendered.get(cell);
    if (text === undefined) {
      text = csvField(cellText(row, cell), guard);
      rendered.set(cell, text);
    }
    return text;
  };
  const lines = [line(header)];
  if (options.compliance) {
    const judged = options.compliance.filter((c) => c !== null);
    lines.push(
      line([
        'compliance',
        'Meets the franchise policy',
        'policy',
        '',
        String(judged.filter((c) => c.compliant).length),
        String(matrix.columns.length),
        ...options.compliance.map((c) =>
          c === null ? '' : c.compliant ? 'yes' : `no: ${c.gaps.map((g) => g.message).join(' ')}`,
        ),
      ]),
    );
  }
  for (const row of matrix.rows) {
    lines.push(
      [
        line([
          row.kind,
          row.label,
          row.code,
          row.currency ?? '',
          String(row.summary.availableOn),
          String(row.summary.of),
        ]),
        ...row.cells.map((cell) => render(row, cell)),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
