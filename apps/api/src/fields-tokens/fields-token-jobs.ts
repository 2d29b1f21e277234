/** Settles one token: recovers a `provisioning` intent, deletes a due `retiring` or a `revoking` one. */
export const FIELDS_TOKENS_SETTLE_JOB = 'fields-tokens.settle';
/** Rotates one shop's active token (URL change, maximum age). */
export const FIELDS_TOKENS_ROTATE_JOB = 'fields-tokens.rotate';
/** The scheduled sweep: finds due work and enqueues the two jobs above (database only). */
export const FIELDS_TOKENS_SWEEP_JOB = 'fields-tokens.sweep';

export const settleDedupeKey = (tokenId: string): string =>
  `${FIELDS_TOKENS_SETTLE_JOB}:${tokenId}`;
export const rotateDedupeKey = (shopId: string): string => `${FIELDS_TOKENS_ROTATE_JOB}:${shopId}`;
