import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SaferpayOperationId } from '@platform/saferpay-contract';
import { saferpayError, type FakeReply } from '../test/fake-saferpay-server';
import {
  ACCESS_TOKEN,
  OFFER_ID,
  UUID,
  basic,
  caught,
  client,
  contract,
  credentials,
  pathParameters,
  reference,
  server,
  spgOffer,
  useFakeSaferpayServer,
} from '../test/client-spec-fixtures';
import { SAFERPAY_BASE_URLS, SaferpayClient } from './index';

// The public client end to end: construction, every operation on the wire, the license
// fallback, normalization.
useFakeSaferpayServer();

describe('construction', () => {
  it('uses the contract servers for test and live', () => {
    expect(new SaferpayClient({ environment: 'test' }).baseUrl).toBe(SAFERPAY_BASE_URLS.test);
    expect(new SaferpayClient({ environment: 'live' }).baseUrl).toBe(SAFERPAY_BASE_URLS.live);
    const yaml = readFileSync(
      path.join(__dirname, '..', '..', 'contract', 'management-api.openapi.yaml'),
      'utf8',
    );
    expect(yaml).toContain(`url: ${SAFERPAY_BASE_URLS.test}`);
    expect(yaml).toContain(`url: ${SAFERPAY_BASE_URLS.live}`);
  });

  it('rejects unsafe base URLs and malformed versions', () => {
    expect(() => new SaferpayClient({ baseUrl: 'http://sandbox.internal/api' })).toThrow(
      /allowInsecureHttp/,
    );
    expect(
      new SaferpayClient({ baseUrl: 'http://sandbox.internal/api/', allowInsecureHttp: true })
        .baseUrl,
    ).toBe('http://sandbox.internal/api');
    expect(() => new SaferpayClient({ baseUrl: 'https://u:p@example.com/api' })).toThrow(
      /credentials/,
    );
    expect(() => new SaferpayClient({ baseUrl: 'ftp://example.com' })).toThrow(/http/);
    expect(() => new SaferpayClient({ environment: 'test', apiVersion: 'latest' })).toThrow(
      /apiVersion/,
    );
  });
});

describe('operations: URL, method, headers, body', () => {
  interface Case {
    operation: SaferpayOperationId;
    method: string;
    path: string;
    reply: FakeReply;
    call: (c: SaferpayClient) => Promise<unknown>;
    body?: unknown;
    query?: Record<string, string>;
  }
  const base = '/api/rest/customers/123456';
  const cases: Case[] = [
    {
      operation: 'getLicense',
      method: 'GET',
      path: `${base}/license`,
      reply: { json: reference('getLicense.response') },
      call: (c) => c.getLicense(credentials),
    },
    {
      operation: 'getLicenseConfiguration',
      method: 'GET',
      path: `${base}/license-configuration`,
      reply: { json: reference('getLicenseConfiguration.response') },
      call: (c) => c.getLicenseConfiguration(credentials),
    },
    {
      operation: 'getPaymentPageConfigurations',
      method: 'GET',
      path: `${base}/payment-page/configurations`,
      reply: { json: reference('getPaymentPageConfigurations.response') },
      call: (c) => c.getPaymentPageConfigurations(credentials),
    },
    {
      operation: 'getTerminals',
      method: 'GET',
      path: `${base}/terminals`,
      reply: { json: reference('getTerminals.response') },
      call: (c) => c.getTerminals(credentials),
    },
    {
      operation: 'getTerminal',
      method: 'GET',
      path: `${base}/terminals/17654321`,
      reply: { json: reference('getTerminal.response') },
      call: (c) => c.getTerminal(credentials, '17654321'),
    },
    {
      operation: 'getPaymentMethods',
      method: 'GET',
      path: `${base}/terminals/17654321/payment-methods`,
      reply: { json: reference('getPaymentMethods.response') },
      call: (c) => c.getPaymentMethods(credentials, '17654321'),
    },
    {
      operation: 'createFieldsAccessToken',
      method: 'POST',
      path: `${base}/terminals/17654321/fields-access-tokens`,
      reply: { json: reference('createFieldsAccessToken.response') },
      body: reference('createFieldsAccessToken.request'),
      call: (c) =>
        c.createFieldsAccessToken(credentials, '17654321', {
          SourceUrls: ['https://a.yourshop.com/', 'https://b.yourshop.com/'],
          Description: 'Saferpay Fields Access Token for YourShop',
        }),
    },
    {
      operation: 'deleteFieldsAccessTokens',
      method: 'DELETE',
      path: `${base}/terminals/17654321/fields-access-tokens`,
      reply: { status: 200 },
      call: (c) => c.deleteFieldsAccessTokens(credentials, '17654321'),
    },
    {
      operation: 'deleteFieldsAccessToken',
      method: 'DELETE',
      path: `${base}/terminals/17654321/fields-access-tokens/${ACCESS_TOKEN}`,
      reply: { status: 200 },
      call: (c) => c.deleteFieldsAccessToken(credentials, '17654321', ACCESS_TOKEN),
    },
    {
      operation: 'createSpgOffer',
      method: 'POST',
      path: `${base}/terminals/17654321/spg-offers`,
      reply: { json: reference('createSpgOffer.response') },
      body: spgOffer(),
      call: (c) => c.createSpgOffer(credentials, '17654321', spgOffer()),
    },
    {
      operation: 'getSpgOffer',
      method: 'GET',
      path: `${base}/terminals/17654321/spg-offers/${OFFER_ID}`,
      reply: { json: reference('getSpgOffer.response') },
      call: (c) => c.getSpgOffer(credentials, '17654321', OFFER_ID),
    },
    {
      operation: 'deleteSpgOffer',
      method: 'DELETE',
      path: `${base}/terminals/17654321/spg-offers/${OFFER_ID}`,
      reply: { status: 200 },
      call: (c) => c.deleteSpgOffer(credentials, '17654321', OFFER_ID),
    },
    {
      operation: 'getTransactions',
      method: 'GET',
      path: `${base}/transactions`,
      reply: { json: reference('getTransactions.response') },
      query: {
        StartDate: '2025-09-01T12:49',
        EndDate: '2025-09-09T12:49',
        PageSize: '1200',
        PageNumber: '1',
        TransactionState: 'SUCCESSFUL',
        TerminalId: '17654321',
      },
      call: (c) =>
        c.getTransactions(credentials, {
          StartDate: '2025-09-01T12:49',
          EndDate: '2025-09-09T12:49',
          PageSize: 1200,
          PageNumber: 1,
          TransactionState: 'SUCCESSFUL',
          TerminalId: 17654321,
        }),
    },
  ];

  it('covers all 13 operations of the contract', () => {
    expect(cases.map((entry) => entry.operation).sort()).toEqual(contract.operationIds().sort());
  });

  it.each(cases.map((entry) => [entry.operation, entry] as const))(
    '%s',
    async (_operation, entry) => {
      server.handler = () => entry.reply;
      await entry.call(client());
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request.method).toBe(entry.method);
      expect(request.path).toBe(entry.path);
      expect(Object.fromEntries(request.query)).toEqual(entry.query ?? {});
      expect(request.headers.authorization).toBe(basic);
      expect(request.headers.accept).toBe('application/json');
      expect(request.headers['saferpay-apiversion']).toBe('1.53');
      expect(request.headers['saferpay-requestid']).toMatch(UUID);
      if (entry.body === undefined) {
        expect(request.body).toBe('');
        expect(request.headers['content-type']).toBeUndefined();
      } else {
        expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(JSON.parse(request.body)).toEqual(entry.body);
      }
      // What the client sends conforms to the contract.
      const parameters = {
        path: pathParameters(request.path),
        header: {
          'Saferpay-ApiVersion': String(request.headers['saferpay-apiversion']),
          'Saferpay-RequestId': String(request.headers['saferpay-requestid']),
        },
        query: Object.fromEntries(request.query),
      };
      expect(contract.validateRequestParameters(entry.operation, parameters)).toEqual({
        valid: true,
        errors: [],
      });
      expect(
        contract.validateRequestBody(
          entry.operation,
          entry.body === undefined ? undefined : JSON.parse(request.body),
        ),
      ).toEqual({ valid: true, errors: [] });
    },
  );

  it('generates a new RequestId per logical request', async () => {
    server.handler = () => ({ json: reference('getLicense.response') });
    const c = client();
    await c.getLicense(credentials);
    await c.getLicense(credentials);
    const ids = server.requests.map((request) => request.headers['saferpay-requestid']);
    expect(new Set(ids).size).toBe(2);
  });

  it('sends a caller-chosen RequestId and the configured ApiVersion', async () => {
    server.handler = () => ({ json: reference('getLicense.response') });
    await client({ apiVersion: '1.40' }).getLicense(credentials, { requestId: 'order-42.retry' });
    expect(server.requests[0].headers['saferpay-requestid']).toBe('order-42.retry');
    expect(server.requests[0].headers['saferpay-apiversion']).toBe('1.40');
    const error = await caught(client().getLicense(credentials, { requestId: 'has space' }));
    expect(error.kind).toBe('invalid-request');
  });

  it('refuses malformed path ids without sending anything', async () => {
    const c = client();
    for (const terminalId of ['..', '1/2', '', '17654321?x=1']) {
      const error = await caught(c.getTerminal(credentials, terminalId));
      expect(error.kind).toBe('invalid-request');
      expect(error.attempts).toBe(0);
    }
    const badCustomer = await caught(c.getTerminals({ ...credentials, customerId: '../../other' }));
    expect(badCustomer.kind).toBe('invalid-request');
    const badToken = await caught(c.deleteFieldsAccessToken(credentials, '1', 'a/b'));
    expect(badToken.kind).toBe('invalid-request');
    const badOffer = await caught(c.getSpgOffer(credentials, '1', 'not-a-uuid'));
    expect(badOffer.kind).toBe('invalid-request');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses invalid report queries without sending anything', async () => {
    const c = client();
    const query = { StartDate: '2025-09-01', EndDate: '2025-09-02' };
    for (const bad of [
      { ...query, PageSize: 2001 },
      { ...query, PageSize: 0 },
      { ...query, PageNumber: 0 },
      { ...query, StartDate: '01.09.2025' },
    ]) {
      expect((await caught(c.getTransactions(credentials, bad))).kind).toBe('invalid-request');
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('getLicenseWithFallback', () => {
  it('uses /license when offered', async () => {
    server.handler = () => ({ json: reference('getLicense.response') });
    const result = await client().getLicenseWithFallback(credentials);
    expect(result.source).toBe('license');
    expect(server.requests.map((request) => request.path)).toEqual([
      '/api/rest/customers/123456/license',
    ]);
  });

  it.each([
    ['404 without body', { status: 404, text: 'Not Found' }],
    ['405', { status: 405, text: '' }],
    [
      'ACTION_NOT_SUPPORTED',
      { status: 400, json: saferpayError('DO_NOT_RETRY', 'ACTION_NOT_SUPPORTED') },
    ],
  ] as const)('falls back to /license-configuration on %s', async (_label, reply) => {
    server.replyInOrder(reply, { json: reference('getLicenseConfiguration.response') });
    const result = await client().getLicenseWithFallback(credentials);
    expect(result.source).toBe('license-configuration');
    expect(result.license.Features.map((feature) => feature.Id)).toContain('MANAGEMENT_API');
    expect(server.requests.map((request) => request.path)).toEqual([
      '/api/rest/customers/123456/license',
      '/api/rest/customers/123456/license-configuration',
    ]);
    expect(server.requests[1].headers['saferpay-requestid']).not.toBe(
      server.requests[0].headers['saferpay-requestid'],
    );
  });

  it.each([
    ['401', { status: 401, json: saferpayError('DO_NOT_RETRY', 'AUTHENTICATION_FAILED') }],
    [
      '400 VALIDATION_FAILED',
      { status: 400, json: saferpayError('DO_NOT_RETRY', 'VALIDATION_FAILED') },
    ],
    ['406 (Accept header)', { status: 406, text: '' }],
  ] as const)('does not fall back on %s', async (_label, reply) => {
    server.handler = () => reply;
    const error = await caught(client().getLicenseWithFallback(credentials));
    expect(error.status).toBe(reply.status);
    expect(server.requests).toHaveLength(1);
  });
});

describe('quirk normalization', () => {
  it('payment page configurations from the example (name/isDefault) and PascalCase', async () => {
    server.handler = () => ({ json: reference('getPaymentPageConfigurations.response') });
    expect(await client().getPaymentPageConfigurations(credentials)).toEqual([
      { name: 'default', isDefault: true, description: 'Default Configuration' },
      { name: 'special', isDefault: false, description: 'Special Payment Page Configuration' },
      {
        name: 'event',
        isDefault: false,
        description: 'Special Payment Page Configuration for Events',
      },
    ]);
    server.handler = () => ({
      json: { Configurations: [{ Name: 'shop', IsDefault: true, Description: 'Shop' }] },
    });
    expect(await client().getPaymentPageConfigurations(credentials)).toEqual([
      { name: 'shop', isDefault: true, description: 'Shop' },
    ]);
  });

  it('terminals with the same id and different types stay apart', async () => {
    server.handler = () => ({ json: reference('getTerminals.response') });
    const terminals = await client().getTerminals(credentials);
    expect(terminals.map((terminal) => terminal.key)).toEqual([
      '1000001:ECOM',
      '1000002:MPO',
      '1000002:SPG',
    ]);
  });
});
