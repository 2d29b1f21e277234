import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'csv-parse/sync';
import type { ProblemFieldError } from '@platform/problem-details';
import { ProblemException } from '@api/common/problem/problem.exception';
import { toFieldErrors } from '@api/common/problem/validation';
import { RegisterMerchantAccountDto } from './dto/merchant-account.dto';

export const ACCOUNT_CSV_COLUMNS = [
  'customerId',
  'environment',
  'label',
  'username',
  'password',
] as const;
const MAX_ROWS = 1000;

/** What csv-parse found, by its error code: its messages quote the cell (a password, say). */
const CSV_ERRORS: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_INVALID_CLOSING_QUOTE: 'text right after a closing quote',
  CSV_QUOTE_NOT_CLOSED: 'a quote that is never closed',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'a row whose cells do not match the header',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a row whose cells do not match the header',
};

/** A csv-parse error without any of the document's text: what went wrong, and on which line. */
export function csvError(error: unknown): string {
  const { code, lines } = error as { code?: unknown; lines?: unknown };
  const what = (typeof code === 'string' && CSV_ERRORS[code]) || 'malformed CSV';
  return typeof lines === 'number' ? `${what} on line ${lines}` : what;
}

/**
 * Reads a CSV upload of merchant accounts: a header row with the columns
 * customerId, environment, label, username, password (any order and casing),
 * then one account per row. Errors point at `/rows/<index>/<column>`.
 */
export function parseAccountsCsv(body: unknown): RegisterMerchantAccountDto[] {
  if (typeof body !== 'string' || body.trim() === '') {
    throw new ProblemException(
      'validationFailed',
      'Send the accounts as a text/csv body with a header row.',
      [{ pointer: '', detail: 'must be a non-empty CSV document' }],
    );
  }
  const { rows, rejected } = readAccountsCsv(body);
  const errors = rejected.flatMap((row) => row.errors);
  if (errors.length) {
    throw new ProblemException(
      'validationFailed',
      `${errors.length} field${errors.length === 1 ? '' : 's'} failed validation (row 0 is the first line after the header).`,
      errors,
    );
  }
  return rows.map((row) => row.account);
}

/** A CSV row that validated; `line` is its 1-based line in the file (the header is line 1). */
export interface AccountsCsvRow {
  index: number;
  line: number;
  account: RegisterMerchantAccountDto;
}

/** A CSV row that did not validate, with pointers `/rows/<index>/<column>`. */
export interface RejectedAccountsCsvRow {
  index: number;
  line: number;
  errors: ProblemFieldError[];
}

/**
 * Reads and validates every row, keeping the good ones and reporting the bad
 * ones by CSV line number (the CLI imports the rest; the API rejects the whole
 * upload when any row is bad). With `relaxColumnCount`, a row with too few or
 * too many cells is a bad row, not a bad document. A document that is not CSV at all, has an
 * unknown column or no/too many rows still throws.
 */
export function readAccountsCsv(
  body: string,
  { relaxColumnCount = false }: { relaxColumnCount?: boolean } = {},
): {
  rows: AccountsCsvRow[];
  rejected: RejectedAccountsCsvRow[];
} {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(body.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map(canonicalColumn),
      skip_empty_lines: true,
      trim: true,
      info: true,
      // The CLI reads a row with missing cells as a row with empty fields (reported by line).
      relax_column_count: relaxColumnCount,
    });
  } catch (error) {
    if (error instanceof ProblemException) throw error;
    throw new ProblemException(
      'validationFailed',
      `The CSV could not be read: ${csvError(error)}.`,
      [{ pointer: '', detail: 'must be valid CSV (RFC 4180)' }],
    );
  }
  if (records.length === 0 || records.length > MAX_ROWS) {
    throw new ProblemException('validationFailed', `Send between 1 and ${MAX_ROWS} accounts.`, [
      { pointer: '/rows', detail: `must hold 1 to ${MAX_ROWS} rows` },
    ]);
  }
  const rows: AccountsCsvRow[] = [];
  const rejected: RejectedAccountsCsvRow[] = [];
  records.forEach(({ record, info }, index) => {
    const account = plainToInstance(RegisterMerchantAccountDto, record);
    const errors = toFieldErrors(
      validateSync(account, { whitelist: true, forbidNonWhitelisted: true }),
      `/rows/${index}`,
    );
    // info.lines is the line the record ends on (a quoted field may span lines).
    if (errors.length) rejected.push({ index, line: info.lines, errors });
    else rows.push({ index, line: info.lines, account });
  });
  return { rows, rejected };
}

function canonicalColumn(name: string): string {
  const key = name
    .trim()
    .replace(/[\s_-]/g, '')
    .toLowerCase();
  const known = ACCOUNT_CSV_COLUMNS.find((column) => column.toLowerCase() === key);
  if (!known) {
    throw new ProblemException('validationFailed', `Unknown CSV column "${name}".`, [
      { pointer: '/header', detail: `columns must be ${ACCOUNT_CSV_COLUMNS.join(', ')}` },
    ]);
  }
  return known;
}
