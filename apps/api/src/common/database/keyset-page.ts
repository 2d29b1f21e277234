import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { CursorPosition } from '@platform/pagination';

/**
 * Orders a query by (created_at, id) and limits it to one page after the
 * cursor, fetching `limit + 1` rows so `toPage` can tell whether more exist.
 * `DESC` pages newest first (the cursor then points backwards in time).
 */
export function keysetPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  options: { limit: number; after?: CursorPosition; order?: 'ASC' | 'DESC' },
): SelectQueryBuilder<T> {
  const alias = query.alias;
  const order = options.order ?? 'ASC';
  query
    .orderBy(`${alias}.created_at`, order)
    .addOrderBy(`${alias}.id`, order)
    .limit(options.limit + 1);
  if (options.after) {
    query.andWhere(
      `(${alias}.created_at, ${alias}.id) ${order === 'ASC' ? '>' : '<'} (:afterCreatedAt, :afterId)`,
      {
        afterCreatedAt: options.after.createdAt,
        afterId: options.after.id,
      },
    );
  }
  return query;
}
