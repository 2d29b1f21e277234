import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_DOCUMENT_PATH } from '@platform/saferpay-contract';
import { parse } from 'yaml';
import {
  CONTRACT_ROUTES,
  ContractViolation,
  checkContractResponse,
  contractOperationIds,
  contractTally,
  matchContractRoute,
  outsideContractCount,
  type ObservedResponse,
} from './support/contract-check';
import {
  BAECKEREI,
  PIZZA,
  VELO,
  VELO_GIVEN_PASSWORD,
  admin,
  bodyOf,
  call,
  customerPath,
  demoFixture,
  startSandbox,
  type CallOptions,
  type CallResult,
  type Started,
} from './support/harness';
import type { ErrorBody, OfferBody } from './support/saferpay-shapes';

/**
 * Every sandbox response in the HTTP specs goes through `call()`, which validates it against the
 * OpenAPI document (support/contract-check.ts). Jest isolates modules per file, so suite-wide
 * counting is not possible; this spec drives the success and error paths of all operations of the
 * document through the same helper and asserts, at the end, that each operationId had at least
 * one validated success and one validated error response. It also guards the helper itself.
 */

const APP_ROOT = join(__dirname, '..');

describe('contract route table', () => {
  it('names exactly the operations of the OpenAPI document, at their method and path', () => {
    const document = parse(readFileSync(CONTRACT_DOCUMENT_PATH, 'utf8')) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const fromDocument = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => typeof operation.operationId === 'string')
        .map(([method, operation]) => ({ operationId: operation.operationId, method, path })),
    );
    const fromTable = Object.entries(CONTRACT_ROUTES).map(([operationId, route]) => ({
      operationId,
      ...route,
    }));
    expect(fromTable).toEqual(fromDocument);
    expect(Object.keys(CONTRACT_ROUTES)).toEqual(contractOperationIds());
    expect(contractOperationIds()).toHaveLength(13);
  });

  it('maps method + request path to the operationId', () => {
    const base = '/api/rest/customers/123456/terminals/1000001';
    expect(matchContractRoute('GET', `${base}/payment-methods`)).toEqual({
      kind: 'operation',
      operationId: 'getPaymentMethods',
    });
    expect(matchContractRoute('DELETE', `${base}/fields-access-tokens`)).toEqual({
      kind: 'operation',
      operationId: 'deleteFieldsAccessTokens',
    });
    expect(matchContractRoute('DELETE', `${base}/fields-access-tokens/abc`)).toEqual({
      kind: 'operation',
      operationId: 'deleteFieldsAccessToken',
    });
    expect(
      matchContractRoute('GET', '/api/rest/customers/1/transactions?StartDate=2025-09-01'),
    ).toEqual({ kind: 'operation', operationId: 'getTransactions' });
    expect(matchContractRoute('PUT', `${base}/spg-offers`)).toEqual({
      kind: 'method-not-defined',
      allowed: ['POST'],
    });
    expect(matchContractRoute('GET', '/api/rest/customers/123456/terminal')).toEqual({
      kind: 'no-route',
    });
  });

  it('no test reaches the sandbox except through the harness (no fetch, supertest or http of its own)', () => {
    const files = readdirSync(APP_ROOT, { recursive: true, encoding: 'utf8' })
      .map((file) => file.split('\\').join('/'))
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => file.startsWith('test/') || file.endsWith('.spec.ts'))
      .filter((file) => file !== 'test/support/harness.ts');
    expect(files).toContain('test/contract.spec.ts');
    const forbidden = [/\bfetch\s*\(/, /['"]supertest['"]/, /['"](node:)?https?['"]/];
    const offenders = files.filter((file) => {
      const source = readFileSync(join(APP_ROOT, file), 'utf8');
      return forbidden.some((pattern) => pattern.test(source));
    });
    expect(offenders).toEqual([]);
  });
});

describe('the response check rejects what the contract rejects', () => {
  const terminals = '/api/rest/customers/123456/terminals';
  const token = '/api/rest/customers/123456/terminals/1000001/fields-access-tokens/abc';
  const errorJson = (responseHeader: Record<string, string>) =>
    JSON.stringify({
      ResponseHeader: responseHeader,
      Behavior: 'DO_NOT_RETRY',
      ErrorName: 'VALIDATION_FAILED',
      ErrorMessage: 'Request validation failed',
    });
  const violation = (response: Partial<ObservedResponse>, routeAbsent = false): string[] => {
    const observed: ObservedResponse = {
      method: 'GET',
      path: terminals,
      status: 400,
      contentType: 'application/json; charset=utf-8',
      text: '',
      ...response,
    };
    try {
      checkContractResponse(observed, { routeAbsent });
    } catch (error) {
      if (error instanceof ContractViolation) return [...error.errors];
      throw error;
    }
    throw new Error('expected a ContractViolation');
  };

  it('an error ResponseHeader without RequestId (what the sandbox sent for a missing header)', () => {
    expect(violation({ text: errorJson({ SpecVersion: '1.53' }) })).toContain(
      "/ResponseHeader must have required property 'RequestId'",
    );
  });

  it('a 406 without Content-Type (what the sandbox sent): the contract declares media types for 406', () => {
    expect(violation({ status: 406, contentType: null })).toContain('(root) must be object');
  });

  it('JSON sent as another media type, non-UTF-8 JSON, and JSON that does not parse', () => {
    expect(
      violation({ contentType: 'text/plain', text: errorJson({ SpecVersion: '1.53' }) }),
    ).toContain('a JSON body must be sent as application/json, not text/plain');
    expect(
      violation({
        contentType: 'application/json; charset=iso-8859-1',
        text: errorJson({ SpecVersion: '1.53', RequestId: 'r' }),
      }),
    ).toEqual(['JSON must be UTF-8, got charset=iso-8859-1', expect.stringMatching(/^body: /)]);
    expect(violation({ text: '{"ResponseHeader":' })).toContain(
      'Content-Type is application/json but the body is not JSON',
    );
  });

  it('a body on a DELETE 200, and a body without Content-Type', () => {
    expect(violation({ method: 'DELETE', path: token, status: 200, text: '{}' })).toContain(
      'deleteFieldsAccessToken 200 has no body in the contract, got one',
    );
    expect(
      violation({ method: 'DELETE', path: token, status: 200, contentType: null, text: 'x' }),
    ).toContain('a body without Content-Type');
  });

  it('undocumented statuses and media types', () => {
    expect(violation({ status: 404, contentType: 'text/html', text: '<html></html>' })).toContain(
      'getTerminals does not document HTTP status 404',
    );
    expect(violation({ status: 401, contentType: 'text/html', text: '<html></html>' })).toContain(
      'getTerminals 401 does not document media type text/html',
    );
  });

  it('routes outside the document must be the bare HTML 404/405; routeAbsent must be a bare 404', () => {
    expect(
      violation({ path: '/api/rest/customers/123456/terminal', status: 200, text: '{}' }),
    ).toEqual(["no path in the contract: expected the web server's bare HTML 404"]);
    expect(violation({ method: 'PUT', status: 400 })).toEqual([
      "no such method on this path in the contract: expected the web server's bare HTML 405",
    ]);
    expect(violation({ status: 200, text: '{"Terminals":[]}' }, true)).toEqual([
      'routeAbsent: expected the bare HTML 404 of a deployment without this route',
    ]);
    expect(violation({ path: '/__admin/health', status: 200, text: '{}' })).toEqual([
      'not a Management API path (use admin() / paymentPage() for the rest)',
    ]);
  });

  it('counted nothing: only validated responses are tallied', () => {
    expect([...contractTally().keys()]).toEqual([]);
    expect(outsideContractCount()).toBe(0);
  });
});

const HOUR = 3_600_000;

const validOffer = (overrides: Record<string, unknown> = {}) => ({
  Payment: {
    Amount: { Value: '404', CurrencyCode: 'CHF' },
    OrderId: 'order-4711',
    Description: 'Invoice 4711',
  },
  ExpirationDate: '2025-09-20T00:00:00+02:00',
  Payer: { LanguageCode: 'de' },
  ...overrides,
});
const validToken = { SourceUrls: ['https://shop.example/'], Description: 'Shop' };
const WINDOW = 'StartDate=2025-06-01&EndDate=2025-09-09T23:59';

describe('every operation, success and error paths, validated against the contract', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startSandbox({ fixture: demoFixture(60), reportProcessingMs: 150 });
  });
  afterAll(() => s.sandbox.close());

  const pizza = (rest: string, options: CallOptions = {}) =>
    call(s.sandbox, customerPath(PIZZA.customerId, rest), { auth: PIZZA, ...options });
  const baeckerei = (rest: string, options: CallOptions = {}) =>
    call(s.sandbox, customerPath(BAECKEREI.customerId, rest), { auth: BAECKEREI, ...options });
  const expectError = (res: CallResult, status: number, errorName: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(bodyOf<ErrorBody>(res).ErrorName).toBe(errorName);
  };
  const addFault = async (rule: Record<string, unknown>) => {
    expect((await admin(s.sandbox, '/faults', 'POST', rule)).status).toBe(201);
  };
  const tokens = '/terminals/1000001/fields-access-tokens';
  const offers = '/terminals/1000002/spg-offers';
  const createOffer = async () => {
    const res = await pizza(offers, { body: validOffer() });
    expect(res.status).toBe(200);
    return bodyOf<OfferBody>(res).OfferId;
  };

  describe('licensing', () => {
    it('getLicense: 200; 402 ACTION_NOT_SUPPORTED; bare 404 where the route is absent', async () => {
      expect((await pizza('/license')).status).toBe(200);
      const velo = { auth: VELO };
      const absent = await call(s.sandbox, customerPath(VELO.customerId, '/license'), {
        ...velo,
        routeAbsent: true,
      });
      expect(absent.status).toBe(404);
      await admin(s.sandbox, `/accounts/${VELO.customerId}`, 'PATCH', {
        licenseEndpoint: 'not-supported',
      });
      expectError(
        await call(s.sandbox, customerPath(VELO.customerId, '/license'), velo),
        402,
        'ACTION_NOT_SUPPORTED',
      );
      await admin(s.sandbox, `/accounts/${VELO.customerId}`, 'PATCH', {
        licenseEndpoint: 'not-found',
      });
    });

    it('getLicenseConfiguration: 200; 401 for the password the merchant handed over', async () => {
      expect((await pizza('/license-configuration')).status).toBe(200);
      const res = await call(s.sandbox, customerPath(VELO.customerId, '/license-configuration'), {
        auth: { username: VELO.username, password: VELO_GIVEN_PASSWORD },
      });
      expectError(res, 401, 'AUTHENTICATION_FAILED');
      expect(bodyOf<ErrorBody>(res).ResponseHeader.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('payment page configurations and terminals', () => {
    it('getPaymentPageConfigurations: both casings 200; 403 on another customer', async () => {
      expect((await pizza('/payment-page/configurations')).status).toBe(200);
      expect((await baeckerei('/payment-page/configurations')).status).toBe(200);
      expectError(
        await call(s.sandbox, customerPath(BAECKEREI.customerId, '/payment-page/configurations'), {
          auth: PIZZA,
        }),
        403,
        'PERMISSION_DENIED',
      );
    });

    it('getTerminals: 200 (and with Accept */* or none); 400 for each missing header; 406', async () => {
      expect((await pizza('/terminals')).status).toBe(200);
      expect((await pizza('/terminals', { headers: { Accept: '*/*' } })).status).toBe(200);
      expect((await pizza('/terminals', { headers: { Accept: undefined } })).status).toBe(200);
      expectError(
        await pizza('/terminals', { headers: { 'Saferpay-ApiVersion': undefined } }),
        400,
        'VALIDATION_FAILED',
      );
      const noRequestId = await pizza('/terminals', {
        headers: { 'Saferpay-RequestId': undefined },
      });
      expectError(noRequestId, 400, 'VALIDATION_FAILED');
      expect(bodyOf<ErrorBody>(noRequestId).ResponseHeader).toEqual({
        SpecVersion: '1.53',
        RequestId: '',
      });
      const tooLong = 'x'.repeat(51);
      const invalidId = await pizza('/terminals', { headers: { 'Saferpay-RequestId': tooLong } });
      expectError(invalidId, 400, 'VALIDATION_FAILED');
      expect(bodyOf<ErrorBody>(invalidId).ResponseHeader.RequestId).toBe(tooLong);
      const notAcceptable = await pizza('/terminals', { headers: { Accept: 'application/xml' } });
      expect(notAcceptable.status).toBe(406);
      expect(notAcceptable.text).toBe('');
    });

    it('getTerminal: 200 (ECOM, and the MPO of a duplicated id); 403 for unknown terminals', async () => {
      expect((await pizza('/terminals/1000001')).status).toBe(200);
      expect((await pizza('/terminals/1000002')).status).toBe(200);
      expectError(await pizza('/terminals/99999999'), 403, 'PERMISSION_DENIED');
    });

    it('getPaymentMethods: 200; 406; 403 for another customer’s terminal', async () => {
      expect((await pizza('/terminals/1000001/payment-methods')).status).toBe(200);
      const res = await pizza('/terminals/1000001/payment-methods', {
        headers: { Accept: 'text/html' },
      });
      expect(res.status).toBe(406);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expectError(await pizza('/terminals/17000101/payment-methods'), 403, 'PERMISSION_DENIED');
    });
  });

  describe('Saferpay Fields access tokens', () => {
    it('createFieldsAccessToken: 200; 400 (validation, malformed JSON); 402 non-ECOM; 415', async () => {
      expect((await pizza(tokens, { body: validToken })).status).toBe(200);
      expectError(
        await pizza(tokens, { body: { ...validToken, SourceUrls: ['http://shop.example/'] } }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await pizza(tokens, { rawBody: '{"SourceUrls": [' }), 400, 'VALIDATION_FAILED');
      expectError(
        await pizza('/terminals/1000002/fields-access-tokens', { body: validToken }),
        402,
        'ACTION_NOT_SUPPORTED',
      );
      expectError(
        await pizza(tokens, {
          method: 'POST',
          rawBody: 'SourceUrls=https://shop.example/',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
        415,
        'VALIDATION_FAILED',
      );
    });

    it('deleteFieldsAccessToken: 200 without body; 402 TOKEN_INVALID the second time', async () => {
      const created = await pizza(tokens, { body: validToken });
      const { AccessToken } = bodyOf<{ AccessToken: string }>(created);
      const deleted = await pizza(`${tokens}/${AccessToken}`, { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect(deleted.text).toBe('');
      expect(deleted.headers.get('content-type')).toBeNull();
      expectError(
        await pizza(`${tokens}/${AccessToken}`, { method: 'DELETE' }),
        402,
        'TOKEN_INVALID',
      );
    });

    it('deleteFieldsAccessTokens: 200 without body (also with none left); 403; 406', async () => {
      await pizza(tokens, { body: validToken });
      expect((await pizza(tokens, { method: 'DELETE' })).status).toBe(200);
      expect((await pizza(tokens, { method: 'DELETE' })).text).toBe('');
      expectError(
        await pizza('/terminals/17000101/fields-access-tokens', { method: 'DELETE' }),
        403,
        'PERMISSION_DENIED',
      );
      const refused = await pizza(tokens, { method: 'DELETE', headers: { Accept: 'text/html' } });
      expect(refused.status).toBe(406);
    });
  });

  describe('Secure PayGate offers', () => {
    it('createSpgOffer: 200; 400 validation; 402 non-SPG terminal; 415 non-UTF-8 charset', async () => {
      expect((await pizza(offers, { body: validOffer() })).status).toBe(200);
      expectError(
        await pizza(offers, { body: validOffer({ MaxPaymentAttempts: 2, Payer: undefined }) }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await pizza('/terminals/1000001/spg-offers', { body: validOffer() }),
        402,
        'ACTION_NOT_SUPPORTED',
      );
      expectError(
        await pizza(offers, {
          rawBody: JSON.stringify(validOffer()),
          headers: { 'Content-Type': 'application/json; charset=iso-8859-1' },
        }),
        415,
        'VALIDATION_FAILED',
      );
    });

    it('getSpgOffer: 200 OPEN, PAID, EXPIRED; 402 unknown; 400 malformed id', async () => {
      const open = await createOffer();
      expect(bodyOf<OfferBody>(await pizza(`${offers}/${open}`)).Status).toBe('OPEN');
      const paid = await createOffer();
      expect((await admin(s.sandbox, `/spg-offers/${paid}/pay`, 'POST', {})).status).toBe(200);
      const paidOffer = bodyOf<OfferBody>(await pizza(`${offers}/${paid}`));
      expect(paidOffer.Status).toBe('PAID');
      expect(paidOffer.TransactionId).toEqual(expect.any(String));
      const expiring = await createOffer();
      expect((await admin(s.sandbox, `/spg-offers/${expiring}/expire`, 'POST')).status).toBe(200);
      expect(bodyOf<OfferBody>(await pizza(`${offers}/${expiring}`)).Status).toBe('EXPIRED');
      expectError(
        await pizza(`${offers}/503a3d7b-072b-400f-9e7e-8ec15191c737`),
        402,
        'ACTION_NOT_SUPPORTED',
      );
      expectError(await pizza(`${offers}/not-a-guid`), 400, 'VALIDATION_FAILED');
    });

    it('deleteSpgOffer: 200 without body (OPEN, then already DISABLED); 402 for a paid offer', async () => {
      const offerId = await createOffer();
      const deleted = await pizza(`${offers}/${offerId}`, { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect(deleted.text).toBe('');
      expect((await pizza(`${offers}/${offerId}`, { method: 'DELETE' })).status).toBe(200);
      expect(bodyOf<OfferBody>(await pizza(`${offers}/${offerId}`)).Status).toBe('DISABLED');
      const paid = await createOffer();
      await admin(s.sandbox, `/spg-offers/${paid}/pay`, 'POST', {});
      expectError(
        await pizza(`${offers}/${paid}`, { method: 'DELETE' }),
        402,
        'ACTION_NOT_SUPPORTED',
      );
    });
  });

  describe('transaction reporting', () => {
    it('getTransactions: 200 for every state and both amount shapes, paged', async () => {
      for (const state of ['SUCCESSFUL', 'FAILED', 'PENDING']) {
        expect(
          (await baeckerei(`/transactions?${WINDOW}&TransactionState=${state}&PageSize=100`))
            .status,
        ).toBe(200);
        expect(
          (await pizza(`/transactions?${WINDOW}&TransactionState=${state}&PageSize=100`)).status,
        ).toBe(200);
      }
      expect((await baeckerei(`/transactions?${WINDOW}&PageSize=5000`)).status).toBe(200);
      expect((await baeckerei(`/transactions?${WINDOW}&PageSize=7&PageNumber=3`)).status).toBe(200);
    });

    it('getTransactions: 400 (EndDate today, ApiVersion 1.47, missing dates); 403 foreign terminal', async () => {
      expectError(
        await baeckerei('/transactions?StartDate=2025-09-01&EndDate=2025-09-10'),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await baeckerei(`/transactions?${WINDOW}`, { headers: { 'Saferpay-ApiVersion': '1.47' } }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await baeckerei('/transactions'), 400, 'VALIDATION_FAILED');
      expectError(
        await baeckerei(`/transactions?${WINDOW}&TerminalId=1000001`),
        403,
        'PERMISSION_DENIED',
      );
    });

    it('getTransactions: 402 RETRY_LATER for a parallel report of the same customer', async () => {
      const [a, b] = await Promise.all([
        baeckerei(`/transactions?${WINDOW}&PageSize=10`),
        baeckerei(`/transactions?${WINDOW}&PageSize=10`),
      ]);
      const refused = a.status === 402 ? a : b;
      expect([a.status, b.status].sort()).toEqual([200, 402]);
      expectError(refused, 402, 'ACTION_NOT_SUPPORTED');
      expect(bodyOf<ErrorBody>(refused).Behavior).toBe('RETRY_LATER');
    });

    it('getTransactions after the clock moved: a paid SPG offer is reported the next day', async () => {
      const offerId = await createOffer();
      await admin(s.sandbox, `/spg-offers/${offerId}/pay`, 'POST', {});
      s.clock.advance(24 * HOUR);
      try {
        const res = await pizza(
          '/transactions?StartDate=2025-09-10&EndDate=2025-09-10T23:59&TerminalId=1000002',
        );
        expect(res.status).toBe(200);
      } finally {
        s.clock.advance(-24 * HOUR);
      }
    });
  });

  describe('injected faults (network and front end) on every operation', () => {
    afterEach(async () => {
      await admin(s.sandbox, '/faults', 'DELETE');
    });

    it('late-response: the withheld answer is the normal, contract-valid one (JSON and empty body)', async () => {
      await addFault({
        kind: 'late-response',
        latencyMs: 50,
        operation: 'CreateFieldsAccessToken',
      });
      await addFault({
        kind: 'late-response',
        latencyMs: 50,
        operation: 'DeleteFieldsAccessTokens',
      });
      expect((await pizza(tokens, { body: validToken })).status).toBe(200);
      const cleared = await pizza(tokens, { method: 'DELETE' });
      expect(cleared.status).toBe(200);
      expect(cleared.text).toBe('');
    });

    it('500 INTERNAL_ERROR, 503 firewall page, 403 firewall page, 401 and 402 RETRY_LATER', async () => {
      await addFault({ kind: 'error', count: 1, operation: 'DeleteSpgOffer' });
      expectError(
        await pizza(`${offers}/503a3d7b-072b-400f-9e7e-8ec15191c737`, { method: 'DELETE' }),
        500,
        'INTERNAL_ERROR',
      );
      await addFault({ kind: 'html', status: 503, count: 1, operation: 'GetTransactions' });
      const unavailable = await pizza(`/transactions?${WINDOW}`);
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get('content-type')).toMatch(/^text\/html/);
      await addFault({ kind: 'html', count: 1, operation: 'GetLicense' });
      expect((await pizza('/license')).status).toBe(403);
      await addFault({ kind: 'unauthorized', count: 1, operation: 'CreateSpgOffer' });
      expectError(await pizza(offers, { body: validOffer() }), 401, 'AUTHENTICATION_FAILED');
      await addFault({
        kind: 'error',
        count: 1,
        status: 402,
        errorName: 'COMMUNICATION_TIMEOUT',
        behavior: 'RETRY_LATER',
        operation: 'GetSpgOffer',
      });
      expectError(
        await pizza(`${offers}/503a3d7b-072b-400f-9e7e-8ec15191c737`),
        402,
        'COMMUNICATION_TIMEOUT',
      );
    });
  });

  describe('routes the document does not define', () => {
    it('are the web server’s bare HTML 404 / 405 (checked, not validated)', async () => {
      expect((await pizza('/terminal')).status).toBe(404);
      expect((await pizza('/license', { method: 'DELETE' })).status).toBe(405);
      expect(outsideContractCount()).toBe(2);
    });
  });
});

// Last, after every call above (Jest runs the tests of a file in declaration order).
describe('contract coverage of this file', () => {
  it('covers every operationId of the document with a validated success and a validated error', () => {
    const tally = contractTally();
    const gaps = contractOperationIds().flatMap((operationId) => {
      const counts = tally.get(operationId);
      return [
        ...((counts?.success ?? 0) > 0 ? [] : [`${operationId}: no validated success response`]),
        ...((counts?.error ?? 0) > 0 ? [] : [`${operationId}: no validated error response`]),
      ];
    });
    expect(gaps).toEqual([]);
    expect([...tally.keys()].sort()).toEqual([...contractOperationIds()].sort());
    expect(tally.get('getLicense')?.routeAbsent).toBe(1);
  });
});
