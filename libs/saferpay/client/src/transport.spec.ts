import { inspect } from 'node:util';
import { saferpayError } from '../test/fake-saferpay-server';
import {
  OFFER_ID,
  capturingLogger,
  caught,
  client,
  credentials,
  reference,
  startFakeSaferpayServer,
  server,
  spgOffer,
  useFakeSaferpayServer,
} from '../test/client-spec-fixtures';
import {
  SaferpayApiError,
  SaferpayNetworkError,
  SaferpayTimeoutError,
  type SaferpayCredentials,
} from './index';

// Request execution through the public client: retries, per-host limits, redaction, logging.
useFakeSaferpayServer();

describe('retries', () => {
  it('retries Behavior RETRY with the SAME RequestId, then succeeds', async () => {
    server.replyInOrder(
      { status: 402, json: saferpayError('RETRY', 'COMMUNICATION_FAILED') },
      { status: 402, json: saferpayError('RETRY_LATER', 'COMMUNICATION_FAILED') },
      { json: reference('getLicense.response') },
    );
    const license = await client().getLicense(credentials);
    expect(license.Package.Id).toBe('SAFERPAY_FLEX');
    expect(server.requests).toHaveLength(3);
    const ids = new Set(server.requests.map((request) => request.headers['saferpay-requestid']));
    expect(ids.size).toBe(1);
  });

  it('retries a non-idempotent POST only with the same RequestId and body', async () => {
    server.replyInOrder(
      { status: 500, json: saferpayError('RETRY', 'INTERNAL_ERROR') },
      { json: reference('createSpgOffer.response') },
    );
    const created = await client().createSpgOffer(credentials, '17654321', spgOffer());
    expect(created.OfferId).toBe(OFFER_ID);
    const [first, second] = server.requests;
    expect(second.headers['saferpay-requestid']).toBe(first.headers['saferpay-requestid']);
    expect(second.body).toBe(first.body);
  });

  it('does not retry DO_NOT_RETRY or OTHER_MEANS, even on 500', async () => {
    for (const [status, behavior] of [
      [402, 'DO_NOT_RETRY'],
      [500, 'DO_NOT_RETRY'],
      [402, 'OTHER_MEANS'],
    ] as const) {
      server.requests.length = 0;
      server.handler = () => ({ status, json: saferpayError(behavior, 'PERMISSION_DENIED', 'No') });
      const error = await caught(client().getTerminals(credentials));
      expect(server.requests).toHaveLength(1);
      expect(error).toMatchObject({
        kind: 'http',
        status,
        errorName: 'PERMISSION_DENIED',
        behavior,
        errorMessage: 'No',
        attempts: 1,
        retryable: false,
        operation: 'getTerminals',
        requestId: server.requests[0].headers['saferpay-requestid'],
      });
    }
  });

  it('does not retry 400 validation errors, even with Behavior RETRY', async () => {
    server.handler = () => ({
      status: 400,
      json: saferpayError('RETRY', 'VALIDATION_FAILED', 'Request validation failed', [
        'SourceUrls: Only HTTPS is allowed.',
      ]),
    });
    const error = await caught(
      client().createFieldsAccessToken(credentials, '1', {
        SourceUrls: ['http://x/'],
        Description: 'd',
      }),
    );
    expect(server.requests).toHaveLength(1);
    expect(error.errorDetail).toEqual(['SourceUrls: Only HTTPS is allowed.']);
  });

  it('retries 5xx with and without a JSON body', async () => {
    server.replyInOrder(
      { status: 503, text: '' },
      { status: 502, text: '<html>Bad gateway</html>', contentType: 'text/html' },
      { json: reference('getTerminals.response') },
    );
    const terminals = await client().getTerminals(credentials);
    expect(terminals).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after maxAttempts with the last 5xx as the error', async () => {
    server.handler = () => ({ status: 500, json: saferpayError('RETRY', 'INTERNAL_ERROR') });
    const error = await caught(client({ retry: { maxAttempts: 4 } }).getTerminals(credentials));
    expect(server.requests).toHaveLength(4);
    expect(error).toMatchObject({ status: 500, attempts: 4, retryable: true });
  });

  it('never retries 401 or 403 (a firewall 403 page has no errorName)', async () => {
    server.handler = () => ({ status: 401, json: saferpayError('RETRY', 'AUTHENTICATION_FAILED') });
    const unauthorized = await caught(client().getLicense(credentials));
    expect(server.requests).toHaveLength(1);
    expect(unauthorized).toMatchObject({ status: 401, errorName: 'AUTHENTICATION_FAILED' });

    server.requests.length = 0;
    server.handler = () => ({
      status: 403,
      text: '<html><body>Request blocked</body></html>',
      contentType: 'text/html',
    });
    const forbidden = await caught(client().getLicense(credentials));
    expect(server.requests).toHaveLength(1);
    expect(forbidden).toBeInstanceOf(SaferpayApiError);
    expect(forbidden).toMatchObject({ kind: 'http', status: 403, attempts: 1 });
    expect(forbidden.errorName).toBeUndefined();
    expect(forbidden.behavior).toBeUndefined();
    expect(forbidden.message).toContain('HTTP 403 (no Saferpay error body)');
    expect(forbidden.message).not.toContain('Request blocked');
  });

  it('times out a hanging server after the configured ms, retrying with the same RequestId', async () => {
    server.handler = () => ({ hang: true });
    const startedAt = Date.now();
    const error = await caught(
      client({ timeoutMs: 150, retry: { maxAttempts: 2 } }).getTerminals(credentials),
    );
    const elapsed = Date.now() - startedAt;
    expect(error).toBeInstanceOf(SaferpayTimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2, status: undefined });
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].headers['saferpay-requestid']).toBe(
      server.requests[0].headers['saferpay-requestid'],
    );
  });

  it('a per-call timeout overrides the client default', async () => {
    server.handler = () => ({ hang: true });
    const startedAt = Date.now();
    const error = await caught(
      client({ retry: { maxAttempts: 1 } }).getTerminals(credentials, { timeoutMs: 100 }),
    );
    expect(error).toBeInstanceOf(SaferpayTimeoutError);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('retries connection failures and reports them as network errors', async () => {
    server.handler = () => ({ destroy: true });
    const error = await caught(client().getTerminals(credentials));
    expect(error).toBeInstanceOf(SaferpayNetworkError);
    expect(error).toMatchObject({ kind: 'network', attempts: 3, retryable: true });
    expect(server.requests).toHaveLength(3);

    await server.close();
    const refused = await caught(client({ retry: { maxAttempts: 2 } }).getTerminals(credentials));
    expect(refused).toBeInstanceOf(SaferpayNetworkError);
    expect((refused as SaferpayNetworkError).code).toBe('ECONNREFUSED');
    await startFakeSaferpayServer();
  });

  it('stops when the retry budget (total backoff) is spent, before maxAttempts', async () => {
    server.handler = () => ({ status: 503, text: '' });
    const startedAt = Date.now();
    const error = await caught(
      client({
        random: () => 0.999,
        retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000, maxTotalDelayMs: 250 },
      }).getTerminals(credentials),
    );
    const elapsed = Date.now() - startedAt;
    // Backoffs: 99 ms, then min(199, 151 left) = 151 ms, then the budget is spent.
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(245);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('does not retry an unreadable 2xx body', async () => {
    server.handler = () => ({ status: 200, text: 'not json', contentType: 'application/json' });
    const error = await caught(client().getLicense(credentials));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('honours an AbortSignal: no retry, kind aborted', async () => {
    server.handler = () => ({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const startedAt = Date.now();
    const error = await caught(client().getTerminals(credentials, { signal: controller.signal }));
    expect(error.kind).toBe('aborted');
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });
});

describe('concurrency per host', () => {
  it('limits concurrent exchanges per host', async () => {
    server.handler = () => ({ json: reference('getTerminals.response'), delayMs: 60 });
    const c = client({ maxConcurrencyPerHost: 2 });
    await Promise.all(Array.from({ length: 6 }, () => c.getTerminals(credentials)));
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
  });

  it('allows more in parallel with a higher limit', async () => {
    server.handler = () => ({ json: reference('getTerminals.response'), delayMs: 60 });
    const c = client({ maxConcurrencyPerHost: 8 });
    await Promise.all(Array.from({ length: 6 }, () => c.getTerminals(credentials)));
    expect(server.maxInFlight).toBeGreaterThan(2);
  });
});

describe('secrets never reach logs or errors', () => {
  const sentinelCredentials: SaferpayCredentials = {
    customerId: '777777',
    username: 'SENTINEL_USER_q8Zx',
    password: 'SENTINEL_PASS_w3Rt',
  };
  const sentinelToken = 'SENTINEL_TOKEN_k5Lm';
  const sentinelOffer = 'deadbeef-5e47-4e1a-9d0c-5e471ce1ab1e';
  const basicValue = Buffer.from(
    `${sentinelCredentials.username}:${sentinelCredentials.password}`,
  ).toString('base64');
  const sentinels = [
    sentinelCredentials.username,
    sentinelCredentials.password,
    basicValue,
    sentinelToken,
    sentinelOffer,
  ];

  it('across successes, Saferpay errors echoing secrets, HTML pages, retries and timeouts', async () => {
    const { logger, lines } = capturingLogger();
    const c = client({ logger, timeoutMs: 100, retry: { maxAttempts: 2 } });
    // Saferpay may echo what it received: the path's secret segment and the user.
    const echo = (requestPath: string) =>
      `id ${decodeURIComponent(requestPath.split('/').pop() ?? '')} of ${sentinelCredentials.username} / ${sentinelCredentials.password}`;
    const errors: SaferpayApiError[] = [];

    server.handler = () => ({ status: 200 });
    await c.deleteFieldsAccessToken(sentinelCredentials, '17654321', sentinelToken);
    server.handler = () => ({ json: reference('getSpgOffer.response') });
    await c.getSpgOffer(sentinelCredentials, '17654321', sentinelOffer);

    server.handler = (request) => ({
      status: 402,
      json: saferpayError('DO_NOT_RETRY', 'TOKEN_INVALID', echo(request.path), [
        echo(request.path),
        `Basic ${basicValue}`,
      ]),
    });
    errors.push(await caught(c.deleteFieldsAccessToken(sentinelCredentials, '1', sentinelToken)));
    errors.push(await caught(c.getSpgOffer(sentinelCredentials, '1', sentinelOffer)));

    server.handler = (request) => ({
      status: 403,
      text: `<html>${echo(request.path)}</html>`,
      contentType: 'text/html',
    });
    errors.push(await caught(c.deleteSpgOffer(sentinelCredentials, '1', sentinelOffer)));

    server.handler = (request) => ({
      status: 500,
      json: saferpayError('RETRY', 'INTERNAL_ERROR', echo(request.path)),
    });
    errors.push(await caught(c.deleteFieldsAccessToken(sentinelCredentials, '1', sentinelToken)));

    server.handler = () => ({ hang: true });
    errors.push(await caught(c.deleteFieldsAccessToken(sentinelCredentials, '1', sentinelToken)));

    errors.push(
      await caught(c.deleteFieldsAccessToken(sentinelCredentials, '1', `${sentinelToken}/x`)),
    );
    errors.push(await caught(c.getSpgOffer(sentinelCredentials, '1', `${sentinelOffer}/..`)));

    // The checks below only mean something if Saferpay's text was kept, redacted.
    expect(errors[0].errorMessage).toBe('id [REDACTED] of [REDACTED] / [REDACTED]');
    expect(errors[0].errorDetail).toEqual([
      'id [REDACTED] of [REDACTED] / [REDACTED]',
      'Basic [REDACTED]',
    ]);
    expect(errors[1].errorMessage).toBe('id [REDACTED] of [REDACTED] / [REDACTED]');
    expect(errors.map((error) => error.kind)).toEqual([
      'http',
      'http',
      'http',
      'http',
      'timeout',
      'invalid-request',
      'invalid-request',
    ]);
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) {
      expect(Object.keys(line.obj).sort()).toEqual(
        expect.arrayContaining(['attempt', 'customerId', 'operation', 'requestId']),
      );
    }

    const texts = [
      ...lines.map((line) => `${line.msg} ${JSON.stringify(line.obj)}`),
      ...errors.flatMap((error) => [
        error.message,
        error.stack ?? '',
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
        String(error),
      ]),
    ];
    for (const text of texts) {
      for (const sentinel of sentinels) expect(text).not.toContain(sentinel);
    }
  });

  it('logs per attempt: operation, status, errorName, requestId, attempt, durationMs', async () => {
    const { logger, lines } = capturingLogger();
    server.replyInOrder(
      { status: 500, json: saferpayError('RETRY', 'INTERNAL_ERROR') },
      { json: reference('getTerminals.response') },
    );
    await client({ logger }).getTerminals(credentials);
    const requestId = server.requests[0].headers['saferpay-requestid'];
    expect(lines).toEqual([
      {
        level: 'warn',
        msg: 'saferpay request failed, retrying',
        obj: expect.objectContaining({
          operation: 'getTerminals',
          customerId: '123456',
          requestId,
          attempt: 1,
          status: 500,
          errorName: 'INTERNAL_ERROR',
          behavior: 'RETRY',
          durationMs: expect.any(Number),
          retryInMs: expect.any(Number),
        }),
      },
      {
        level: 'debug',
        msg: 'saferpay request succeeded',
        obj: expect.objectContaining({ requestId, attempt: 2, status: 200 }),
      },
    ]);
  });
});

describe('observer', () => {
  it('sees every attempt with operation, status and ErrorName; its exceptions are swallowed', async () => {
    const seen: unknown[] = [];
    server.replyInOrder(
      { status: 500, json: saferpayError('RETRY', 'INTERNAL_ERROR') },
      { json: reference('getTerminals.response') },
    );
    const observer = (observation: unknown): void => {
      seen.push(observation);
      throw new Error('a broken observer');
    };
    await client({ observer }).getTerminals(credentials);
    expect(seen).toEqual([
      {
        operation: 'getTerminals',
        status: '500',
        errorName: 'INTERNAL_ERROR',
        attempt: 1,
        durationMs: expect.any(Number),
      },
      { operation: 'getTerminals', status: '200', attempt: 2, durationMs: expect.any(Number) },
    ]);
  });
});
