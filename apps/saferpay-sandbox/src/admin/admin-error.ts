import type { NextFunction, Request, Response } from 'express';
import { FixtureError } from '../seed/fixture';
import { FaultRuleError } from '../faults/fault-rule';

/** Admin API errors: `{ "error": "not_found", "message": "…" }`. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string): AdminError =>
  new AdminError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string): AdminError =>
  new AdminError(400, 'bad_request', message);
export const conflict = (message: string): AdminError => new AdminError(409, 'conflict', message);

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = error.status;
  return typeof status === 'number' ? status : undefined;
}

export function adminErrorHandler(
  error: unknown,
  _req: Request,
  res: Response,
  _next: NextFunction,
): void {
  if (error instanceof AdminError) {
    res.status(error.status).json({ error: error.code, message: error.message });
    return;
  }
  if (error instanceof FixtureError || error instanceof FaultRuleError) {
    res.status(400).json({ error: 'bad_request', message: error.message });
    return;
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    res.status(status).json({ error: 'bad_request', message: (error as Error).message });
    return;
  }
  process.stderr.write(
    `saferpay-sandbox admin error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  res.status(500).json({ error: 'internal', message: 'unexpected error, see sandbox stderr' });
}

/** The request body as unknown (express.json leaves it as any). */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

export function routeParam(req: Request, name: string): string {
  const value: unknown = req.params[name];
  if (typeof value !== 'string') throw badRequest(`missing path parameter ${name}`);
  return value;
}
