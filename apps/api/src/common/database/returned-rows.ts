/**
 * The rows of an `UPDATE ... RETURNING` or `INSERT ... RETURNING` run through `query()`:
 * TypeORM's pg driver answers `[rows, rowCount]` for UPDATE and plain rows otherwise.
 */
export function returnedRows<T>(result: unknown): T[] {
  const rows = Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as unknown) : result;
  return Array.isArray(rows) ? (rows as T[]) : [];
}
