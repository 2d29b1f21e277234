import { isBehavior, isErrorName, type Behavior, type ErrorName } from '../errors/saferpay-error';
import { isOperationName, type OperationName } from '../http/operations';

/**
 * latency: delay, then answer normally (adds up with other latency rules).
 * error: a Saferpay JSON error (default 500 INTERNAL_ERROR, Behavior RETRY).
 * hang: never answer (until the client gives up or the sandbox closes).
 * reset: destroy the connection without an answer.
 * html: a non-JSON page like a firewall (default 403).
 * unauthorized: 401 AUTHENTICATION_FAILED although the credentials are right.
 * late-response: process the request normally (state changes happen: a token is created), but
 *   withhold the finished response for latencyMs (absent = until the client disconnects or the
 *   sandbox closes): "Saferpay did it, the answer never arrived (in time)".
 */
export const FAULT_KINDS = [
  'latency',
  'error',
  'hang',
  'reset',
  'html',
  'unauthorized',
  'late-response',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRuleInput {
  kind: FaultKind;
  /** Only this customer's requests; absent = every customer (global). */
  customerId?: string;
  /** Only this operation (e.g. "GetTransactions"); absent = every operation. */
  operation?: OperationName;
  /** Fire at most this many times; absent = unlimited. */
  count?: number;
  /** Let the first N matching requests through before the rule can fire. */
  skip?: number;
  /** Fire on this share of matching requests (0..1), drawn from a seeded PRNG; absent = always. */
  probability?: number;
  /** Seed of this rule's PRNG; default derived from the sandbox fault seed and the rule number. */
  seed?: number;
  latencyMs?: number;
  status?: number;
  errorName?: ErrorName;
  behavior?: Behavior;
  errorMessage?: string;
  errorDetail?: string[];
}

export class FaultRuleError extends Error {}

function isKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

function optionalInteger(
  body: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FaultRuleError(`${key} must be an integer between ${min} and ${max}`);
  }
  return value;
}

/** Validates the body of `POST /__admin/faults`. */
export function parseFaultRule(value: unknown): FaultRuleInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FaultRuleError('body must be a JSON object');
  }
  const body = value as Record<string, unknown>;
  if (!isKind(body.kind)) throw new FaultRuleError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  const rule: FaultRuleInput = { kind: body.kind };
  if (body.customerId !== undefined) {
    if (typeof body.customerId !== 'string')
      throw new FaultRuleError('customerId must be a string');
    rule.customerId = body.customerId;
  }
  if (body.operation !== undefined) {
    if (!isOperationName(body.operation))
      throw new FaultRuleError('operation is not a known operation name');
    rule.operation = body.operation;
  }
  rule.count = optionalInteger(body, 'count', 1, 1_000_000);
  rule.skip = optionalInteger(body, 'skip', 0, 1_000_000);
  rule.seed = optionalInteger(body, 'seed', 0, 0xffffffff);
  if (body.probability !== undefined) {
    if (typeof body.probability !== 'number' || body.probability < 0 || body.probability > 1) {
      throw new FaultRuleError('probability must be a number between 0 and 1');
    }
    rule.probability = body.probability;
  }
  rule.latencyMs = optionalInteger(body, 'latencyMs', 0, 600_000);
  if (rule.kind === 'latency' && rule.latencyMs === undefined) {
    throw new FaultRuleError('latency faults need latencyMs');
  }
  rule.status = optionalInteger(body, 'status', 400, 599);
  if (body.errorName !== undefined) {
    if (!isErrorName(body.errorName))
      throw new FaultRuleError('errorName is not a Saferpay error name');
    rule.errorName = body.errorName;
  }
  if (body.behavior !== undefined) {
    if (!isBehavior(body.behavior))
      throw new FaultRuleError('behavior must be DO_NOT_RETRY, OTHER_MEANS, RETRY or RETRY_LATER');
    rule.behavior = body.behavior;
  }
  if (body.errorMessage !== undefined) {
    if (typeof body.errorMessage !== 'string')
      throw new FaultRuleError('errorMessage must be a string');
    rule.errorMessage = body.errorMessage;
  }
  if (body.errorDetail !== undefined) {
    if (!Array.isArray(body.errorDetail) || !body.errorDetail.every((d) => typeof d === 'string')) {
      throw new FaultRuleError('errorDetail must be an array of strings');
    }
    rule.errorDetail = body.errorDetail;
  }
  return rule;
}
