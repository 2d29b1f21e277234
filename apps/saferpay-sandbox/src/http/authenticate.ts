import type { NextFunction, Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { authenticationFailed, permissionDenied } from '../errors/saferpay-error';
import type { SandboxRuntime } from '../runtime';
import { contextOf, header } from './request-context';

export interface BasicCredentials {
  username: string;
  password: string;
}

export function parseBasicAuthorization(value: string | undefined): BasicCredentials | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function samePassword(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * HTTP Basic with the JSON API user. Unknown user, wrong password, missing or non-Basic
 * header: 401 AUTHENTICATION_FAILED. A valid user of another customer than the path's:
 * 403 PERMISSION_DENIED.
 */
export function authenticate(runtime: SandboxRuntime) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const context = contextOf(req);
    const credentials = parseBasicAuthorization(header(req, 'Authorization'));
    if (!credentials) throw authenticationFailed();
    context.username = credentials.username;
    const account = runtime.state.accountByUsername(credentials.username);
    if (!account || !samePassword(account.password, credentials.password))
      throw authenticationFailed();
    if (account.customerId !== context.customerId) {
      throw permissionDenied(
        `The JSON API user ${credentials.username} has no access to customer ${context.customerId ?? ''}.`,
      );
    }
    context.account = account;
    next();
  };
}
