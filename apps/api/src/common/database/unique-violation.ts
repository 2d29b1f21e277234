import { QueryFailedError } from 'typeorm';

/** The name of the unique constraint a failed write violated, if that is why it failed. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' ? (driverError.constraint ?? '') : undefined;
}

/**
 * The name of the foreign key a failed write or delete violated, if that is why it failed: a row
 * still referenced through an `ON DELETE RESTRICT` key (23001) or `NO ACTION` key / a reference
 * to a missing row (23503).
 */
export function violatedForeignKey(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23503' || driverError.code === '23001'
    ? (driverError.constraint ?? '')
    : undefined;
}
