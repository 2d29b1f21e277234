import type { Request } from 'express';
import type { Account } from '../state/model';
import type { OperationName } from './operations';

/** What the middleware chain learns about one Management API request. */
export interface RequestContext {
  operation?: OperationName;
  /** From the path. */
  customerId?: string;
  /** From the Basic credentials, once parsed. */
  username?: string;
  /** Set once authenticated and authorised for the path's customer. */
  account?: Account;
  /** Parsed JSON body (undefined when empty). */
  body?: unknown;
  /** Name of the fault that answered instead of Saferpay, if any. */
  fault?: string;
  /** ErrorName of the Saferpay error body sent, if any (for the request log). */
  errorName?: string;
}

const contexts = new WeakMap<Request, RequestContext>();

export function contextOf(req: Request): RequestContext {
  let context = contexts.get(req);
  if (!context) {
    context = {};
    contexts.set(req, context);
  }
  return context;
}

export function header(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
