import type { NextFunction, Request, Response } from 'express';
import { SaferpayError, internalError } from '../errors/saferpay-error';
import { sendSaferpayError } from './send-error';

/** Renders SaferpayErrors; anything unexpected becomes 500 INTERNAL_ERROR (Behavior RETRY). */
export function managementErrorHandler(latestSpecVersion: string) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent || res.destroyed) {
      res.end();
      return;
    }
    if (error instanceof SaferpayError) {
      sendSaferpayError(req, res, error, latestSpecVersion);
      return;
    }
    process.stderr.write(
      `saferpay-sandbox: unexpected error on ${req.method} ${req.originalUrl}: ` +
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    sendSaferpayError(req, res, internalError(), latestSpecVersion);
  };
}
