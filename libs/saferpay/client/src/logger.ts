/**
 * Minimal structured logger; pino and nestjs-pino loggers fit as they are. The client logs
 * only operation, customerId, requestId, attempt, status, errorName, behavior, kind,
 * durationMs and retryInMs: never credentials, Authorization headers, tokens, URLs or bodies.
 */
export interface SaferpayLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Default logger: discards everything. */
export const silentLogger: SaferpayLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};
