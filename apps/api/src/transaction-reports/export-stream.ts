import { once } from 'node:events';
import type { Response } from 'express';
import type { ExportRow } from './report-transactions.repository';

export const CSV_COLUMNS = [
  'transactionId',
  'accountId',
  'occurredAt',
  'transactionState',
  'authorizationState',
  'type',
  'terminalId',
  'terminalType',
  'paymentMethod',
  'amount',
  'currency',
  'capturedAmount',
  'orderId',
  'description',
] as const;

/** One exported transaction (minor units as integer strings, instants in UTC ISO 8601). */
export function exportRecord(row: ExportRow): Record<string, string | null> {
  return {
    transactionId: row.transactionId,
    accountId: row.accountId,
    occurredAt: row.occurredAt.toISOString(),
    transactionState: row.transactionState,
    authorizationState: row.authorizationState,
    type: row.type,
    terminalId: row.terminalId,
    terminalType: row.terminalType,
    paymentMethod: row.paymentMethod,
    amount: row.amountValue,
    currency: row.currency,
    capturedAmount: row.capturedValue,
    orderId: row.orderId,
    description: row.description,
  };
}

/** RFC 4180 field; a leading = + - @ is prefixed with ' so spreadsheets do not run it. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(row: ExportRow): string {
  const record = exportRecord(row);
  return `${CSV_COLUMNS.map((c) => csvField(record[c])).join(',')}\r\n`;
}

export function ndjsonLine(row: ExportRow): string {
  return `${JSON.stringify({ ...exportRecord(row), raw: row.raw ?? null })}\n`;
}

/**
 * Writes batches as they come, waiting for the socket to drain when its buffer is full, so
 * at most one batch and one socket buffer are in memory whatever the export's size.
 */
export async function streamExport(
  response: Response,
  format: 'ndjson' | 'csv',
  batches: AsyncIterable<ExportRow[]>,
  filename: string,
): Promise<void> {
  response.status(200);
  response.setHeader(
    'Content-Type',
    format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
  );
  response.setHeader('Content-Disposition', `attachment; filename="${filename}.${format}"`);
  response.setHeader('Cache-Control', 'no-store');
  const write = async (chunk: string) => {
    if (!response.write(chunk)) await once(response, 'drain');
  };
  try {
    if (format === 'csv') await write(`${CSV_COLUMNS.join(',')}\r\n`);
    for await (const batch of batches) {
      if (response.destroyed) return;
      let chunk = '';
      for (const row of batch) chunk += format === 'csv' ? csvLine(row) : ndjsonLine(row);
      await write(chunk);
    }
    response.end();
  } catch (error) {
    // Headers are gone: the only honest signal left is a cut-off body.
    response.destroy(error instanceof Error ? error : undefined);
    throw error;
  }
}
