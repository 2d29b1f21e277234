/**
 * Shared fixtures of the client specs, which run the public SaferpayClient against the fake
 * Saferpay server: reference examples, credentials, a capturing logger and a client factory.
 */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createContractValidator, type SaferpaySpgOfferRequest } from '@platform/saferpay-contract';
import {
  SaferpayApiError,
  SaferpayClient,
  type SaferpayClientOptions,
  type SaferpayCredentials,
  type SaferpayLogger,
} from '../src/index';
import { FakeSaferpayServer } from './fake-saferpay-server';

interface ReferenceExample {
  id: string;
  body: unknown;
}
const referenceExamples = (
  JSON.parse(
    readFileSync(
      path.join(__dirname, '..', '..', 'contract', 'fixtures', 'reference-examples.json'),
      'utf8',
    ),
  ) as { examples: ReferenceExample[] }
).examples;
export function reference(id: string): unknown {
  const found = referenceExamples.find((entry) => entry.id === id);
  if (!found) throw new Error(`reference example ${id} missing`);
  return structuredClone(found.body);
}

export const contract = createContractValidator();
export const credentials: SaferpayCredentials = {
  customerId: '123456',
  username: 'API_123456_10592483',
  password: 'pa55:word',
};
export const basic = `Basic ${Buffer.from('API_123456_10592483:pa55:word').toString('base64')}`;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const OFFER_ID = '503a3d7b-072b-400f-9e7e-8ec15191c737';
export const ACCESS_TOKEN = '67f47961-2912-4338-8039-22ac2b8486f3';

export interface LogLine {
  level: 'debug' | 'info' | 'warn';
  obj: Record<string, unknown>;
  msg: string;
}
export function capturingLogger(): { logger: SaferpayLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: {
      debug: (obj, msg) => lines.push({ level: 'debug', obj, msg }),
      info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    },
  };
}

/** Path parameters of a Management API URL, named as in the contract. */
export function pathParameters(requestPath: string): Record<string, string> {
  const match =
    /^\/api\/rest\/customers\/([^/]+)(?:\/terminals\/([^/]+)(?:\/(fields-access-tokens|spg-offers)\/([^/]+))?)?/.exec(
      requestPath,
    );
  const result: Record<string, string> = {};
  if (match?.[1]) result.customerId = decodeURIComponent(match[1]);
  if (match?.[2]) result.terminalId = decodeURIComponent(match[2]);
  if (match?.[4]) {
    result[match[3] === 'spg-offers' ? 'offerId' : 'accessToken'] = decodeURIComponent(match[4]);
  }
  return result;
}

export async function caught(promise: Promise<unknown>): Promise<SaferpayApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SaferpayApiError) return error;
    throw error;
  }
  throw new Error('expected a SaferpayApiError');
}

/**
 * The fake server of the running test. A live binding: specs read the current instance after
 * {@link useFakeSaferpayServer} has replaced it in beforeEach.
 */
export let server: FakeSaferpayServer;

/** Starts a new fake server as `server`, e.g. after a test closed the previous one on purpose. */
export async function startFakeSaferpayServer(): Promise<void> {
  server = await FakeSaferpayServer.start();
}

/** Starts a fresh fake server before each test of the calling spec file and closes it after. */
export function useFakeSaferpayServer(): void {
  beforeEach(startFakeSaferpayServer);
  afterEach(async () => {
    await server.close();
  });
}

export function client(options: Partial<SaferpayClientOptions> = {}): SaferpayClient {
  return new SaferpayClient({
    baseUrl: server.baseUrl,
    timeoutMs: 5_000,
    random: () => 0.5,
    ...options,
    retry: { baseDelayMs: 5, maxDelayMs: 20, ...options.retry },
  } as SaferpayClientOptions);
}

export function spgOffer(): SaferpaySpgOfferRequest {
  const offer = reference('createSpgOffer.request') as SaferpaySpgOfferRequest;
  offer.Payment.Description = 'Invoice 1';
  offer.ExpirationDate = '2030-04-23T00:00:00+02:00';
  return offer;
}
