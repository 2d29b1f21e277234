import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'csv-parse/sync';
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
  let records: Record<string, string>[];
  try {
    records = parse(body.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map(canonicalColumn),
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw new ProblemException(
      'validationFailed',
      `The CSV could not be read: ${(error as Error).message}`,
      [{ pointer: '', detail: 'must be valid CSV (RFC 4180)' }],
    );
  }
  if (records.length === 0 || records.length > MAX_ROWS) {
    throw new ProblemException('validationFailed', `Send between 1 and ${MAX_ROWS} accounts.`, [
      { pointer: '/rows', detail: `must hold 1 to ${MAX_ROWS} rows` },
    ]);
  }
  const errors = records.flatMap((record, index) =>
    toFieldErrors(
      validateSync(plainToInstance(RegisterMerchantAccountDto, record), {
        whitelist: true,
        forbidNonWhitelisted: true,
      }),
      `/rows/${index}`,
    ),
  );
  if (errors.length) {
    throw new ProblemException(
      'validationFailed',
      `${errors.length} field${errors.length === 1 ? '' : 's'} failed validation (row 0 is the first line after the header).`,
      errors,
    );
  }
  return records.map((record) => plainToInstance(RegisterMerchantAccountDto, record));
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
