import type { Request } from 'express';
import { permissionDenied } from '../errors/saferpay-error';
import type { OperationName } from '../http/operations';
import type { SandboxRuntime } from '../runtime';
import type { Account, TerminalConfig } from '../state/model';

/** What a Management API handler gets once transport, auth and headers are checked. */
export interface OperationRequest {
  req: Request;
  runtime: SandboxRuntime;
  account: Account;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: unknown;
  now: Date;
}

export type OperationResult =
  /** 200 with a JSON body. */
  | { kind: 'json'; body: unknown }
  /** 200 without a body ("Response: (no body)"). */
  | { kind: 'empty' }
  /** 404 without a JSON body, as the web server answers for an unknown route. */
  | { kind: 'not-found' };

export interface OperationDefinition {
  operation: OperationName;
  method: 'get' | 'post' | 'delete';
  /** Relative to /api/rest/customers/:customerId */
  path: string;
  /** Reads a JSON body (POST). */
  body?: boolean;
  minApiVersion?: string;
  handle(request: OperationRequest): OperationResult | Promise<OperationResult>;
}

export const json = (body: unknown): OperationResult => ({ kind: 'json', body });
export const empty = (): OperationResult => ({ kind: 'empty' });

/** The terminal entries with this id; PERMISSION_DENIED when the customer has none. */
export function requireTerminal(request: OperationRequest, terminalId: string): TerminalConfig[] {
  const entries = request.runtime.state.terminalEntries(request.account.customerId, terminalId);
  if (entries.length === 0) {
    throw permissionDenied(
      `Terminal ${terminalId} does not belong to customer ${request.account.customerId}.`,
    );
  }
  return entries;
}

export function param(request: OperationRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`route parameter ${name} missing`);
  return value;
}
