import {
  BAECKEREI,
  PIZZA,
  admin,
  bodyOf,
  call,
  customerPath,
  demoFixture,
  startSandbox,
  type Started,
} from './support/harness';
import type { ErrorBody, RequestLogBody } from './support/saferpay-shapes';

describe('fault injection', () => {
  let s: Started;
  beforeEach(async () => {
    s = await startSandbox({ fixture: demoFixture(40) });
  });
  afterEach(() => s.sandbox.close());

  const terminals = (account = PIZZA) =>
    call(s.sandbox, customerPath(account.customerId, '/terminals'), { auth: account });
  const addFault = async (rule: Record<string, unknown>) => {
    const res = await admin(s.sandbox, '/faults', 'POST', rule);
    expect(res.status).toBe(201);
    return bodyOf<{ id: string }>(res).id;
  };

  it('latency delays the answer, then answers normally', async () => {
    await addFault({ kind: 'latency', latencyMs: 250, customerId: PIZZA.customerId });
    const started = Date.now();
    const res = await terminals();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('error (default 500 INTERNAL_ERROR, Behavior RETRY) for the next N requests only', async () => {
    await addFault({ kind: 'error', count: 2 });
    const first = await terminals();
    expect(first.status).toBe(500);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(bodyOf<ErrorBody>(first)).toMatchObject({
      ErrorName: 'INTERNAL_ERROR',
      Behavior: 'RETRY',
    });
    expect((await terminals()).status).toBe(500);
    expect((await terminals()).status).toBe(200);
  });

  it('error with a custom Saferpay error (e.g. 402 RETRY_LATER), after skipping the first request', async () => {
    await addFault({
      kind: 'error',
      skip: 1,
      count: 1,
      status: 402,
      errorName: 'COMMUNICATION_TIMEOUT',
      behavior: 'RETRY_LATER',
    });
    expect((await terminals()).status).toBe(200);
    const res = await terminals();
    expect(res.status).toBe(402);
    expect(bodyOf<ErrorBody>(res)).toMatchObject({
      ErrorName: 'COMMUNICATION_TIMEOUT',
      Behavior: 'RETRY_LATER',
    });
    expect((await terminals()).status).toBe(200);
  });

  it('probability is deterministic per seed (error rate)', async () => {
    const run = async () => {
      await admin(s.sandbox, '/faults', 'DELETE');
      await addFault({ kind: 'error', probability: 0.5, seed: 1234 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await terminals()).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.filter((x) => x === 500).length).toBeGreaterThan(3);
    expect(a.filter((x) => x === 200).length).toBeGreaterThan(3);
  });

  it('html: a non-JSON 403 like a firewall', async () => {
    await addFault({ kind: 'html', count: 1 });
    const res = await terminals();
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.json).toBeUndefined();
    expect(res.text).toContain('Request Rejected');
  });

  it('unauthorized: 401 AUTHENTICATION_FAILED despite right credentials', async () => {
    await addFault({ kind: 'unauthorized', count: 1 });
    const res = await terminals();
    expect(res.status).toBe(401);
    expect(bodyOf<ErrorBody>(res).ErrorName).toBe('AUTHENTICATION_FAILED');
  });

  it('hang: no answer until the client gives up; the request log shows it aborted', async () => {
    await addFault({ kind: 'hang', count: 1, operation: 'GetTerminals' });
    await expect(
      call(s.sandbox, customerPath(PIZZA.customerId, '/terminals'), {
        auth: PIZZA,
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow(/aborted/); // the client's timeout, not a ContractViolation
    expect((await terminals()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const log = bodyOf<RequestLogBody>(await admin(s.sandbox, '/requests?operation=GetTerminals'));
    expect(log.requests[0]).toMatchObject({ fault: 'hang', aborted: true, status: null });
  });

  it('hang: close() still ends the hanging request promptly', async () => {
    await addFault({ kind: 'hang' });
    const pending = terminals().then(
      () => 'answered',
      (error: Error) => (error.message === 'fetch failed' ? 'failed' : error.message),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await s.sandbox.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('failed');
  });

  it('reset destroys the connection', async () => {
    await addFault({ kind: 'reset', count: 1 });
    await expect(terminals()).rejects.toThrow('fetch failed'); // no answer at all
    expect((await terminals()).status).toBe(200);
  });

  describe('late-response', () => {
    const tokensPath = customerPath(PIZZA.customerId, '/terminals/1000001/fields-access-tokens');
    const createToken = (signal?: AbortSignal) =>
      call(s.sandbox, tokensPath, {
        auth: PIZZA,
        body: { SourceUrls: ['https://late.example.com/'], Description: 'late' },
        signal,
      });
    const adminTokens = async () =>
      bodyOf<{ tokens: Array<{ accessToken: string; terminalId: string }> }>(
        await admin(s.sandbox, `/accounts/${PIZZA.customerId}/fields-access-tokens`),
      ).tokens;

    it('creates the token at once but answers only after latencyMs', async () => {
      await addFault({
        kind: 'late-response',
        latencyMs: 600,
        customerId: PIZZA.customerId,
        operation: 'CreateFieldsAccessToken',
        count: 1,
      });
      let settled = false;
      const started = Date.now();
      const pending = createToken().finally(() => (settled = true));
      let tokens = await adminTokens();
      while (tokens.length === 0 && Date.now() - started < 2000) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        tokens = await adminTokens();
      }
      expect(tokens).toHaveLength(1);
      expect(settled).toBe(false); // the token exists while the response is still pending
      const res = await pending;
      expect(Date.now() - started).toBeGreaterThanOrEqual(590);
      expect(res.status).toBe(200);
      expect(bodyOf<{ AccessToken: string }>(res).AccessToken).toBe(tokens[0].accessToken);
      const log = bodyOf<RequestLogBody>(
        await admin(s.sandbox, '/requests?operation=CreateFieldsAccessToken'),
      );
      expect(log.requests[0]).toMatchObject({
        fault: 'late-response',
        aborted: false,
        status: 200,
      });
      expect((await createToken()).status).toBe(200); // count: 1, the next one answers at once
      expect(await adminTokens()).toHaveLength(2);
    });

    it('without latencyMs holds the answer until the client disconnects; the token stays', async () => {
      await addFault({ kind: 'late-response', operation: 'CreateFieldsAccessToken', count: 1 });
      await expect(createToken(AbortSignal.timeout(300))).rejects.toThrow(/aborted/);
      expect(await adminTokens()).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const log = bodyOf<RequestLogBody>(
        await admin(s.sandbox, '/requests?operation=CreateFieldsAccessToken'),
      );
      expect(log.requests[0]).toMatchObject({
        fault: 'late-response',
        aborted: true,
        status: null,
      });
    });

    it('scope: other operations and customers are answered at once', async () => {
      await addFault({
        kind: 'late-response',
        customerId: PIZZA.customerId,
        operation: 'CreateFieldsAccessToken',
      });
      expect((await terminals(PIZZA)).status).toBe(200);
      expect((await terminals(BAECKEREI)).status).toBe(200);
    });
  });

  it('per-customer faults leave other customers alone; global ones hit everybody', async () => {
    await addFault({ kind: 'error', customerId: PIZZA.customerId });
    expect((await terminals(PIZZA)).status).toBe(500);
    expect((await terminals(BAECKEREI)).status).toBe(200);
    await admin(s.sandbox, '/faults', 'DELETE');
    await addFault({ kind: 'error' });
    expect((await terminals(PIZZA)).status).toBe(500);
    expect((await terminals(BAECKEREI)).status).toBe(500);
  });

  it('operation-scoped faults hit only that operation', async () => {
    await addFault({ kind: 'error', operation: 'GetLicense' });
    expect((await terminals()).status).toBe(200);
    expect(
      (await call(s.sandbox, customerPath(PIZZA.customerId, '/license'), { auth: PIZZA })).status,
    ).toBe(500);
  });

  it('lists, removes one, and clears faults (also per customer)', async () => {
    const id = await addFault({ kind: 'error', customerId: PIZZA.customerId });
    await addFault({ kind: 'latency', latencyMs: 1, customerId: BAECKEREI.customerId });
    await addFault({ kind: 'html' });
    const listed = bodyOf<{ faults: Array<{ id: string }> }>(await admin(s.sandbox, '/faults'));
    expect(listed.faults.map((f) => f.id)).toHaveLength(3);
    expect((await admin(s.sandbox, `/faults/${id}`, 'DELETE')).status).toBe(204);
    expect(
      bodyOf<{ removed: number }>(
        await admin(s.sandbox, `/faults?customerId=${BAECKEREI.customerId}`, 'DELETE'),
      ).removed,
    ).toBe(1);
    expect(bodyOf<{ removed: number }>(await admin(s.sandbox, '/faults', 'DELETE')).removed).toBe(
      1,
    );
    expect((await terminals()).status).toBe(200);
  });

  it('rejects invalid fault rules', async () => {
    expect((await admin(s.sandbox, '/faults', 'POST', { kind: 'explode' })).status).toBe(400);
    expect((await admin(s.sandbox, '/faults', 'POST', { kind: 'latency' })).status).toBe(400);
    expect(
      (await admin(s.sandbox, '/faults', 'POST', { kind: 'error', errorName: 'OOPS' })).status,
    ).toBe(400);
    expect(
      (await admin(s.sandbox, '/faults', 'POST', { kind: 'error', probability: 2 })).status,
    ).toBe(400);
  });
});
