import {
  BAECKEREI,
  PIZZA,
  VELO,
  VELO_GIVEN_PASSWORD,
  bodyOf,
  call,
  customerPath,
  startSandbox,
  type Started,
} from './support/harness';
import type { ErrorBody } from './support/saferpay-shapes';

describe('transport rules (auth, headers, media types)', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(() => s.sandbox.close());

  const terminals = customerPath(PIZZA.customerId, '/terminals');

  it('answers with valid Basic credentials', async () => {
    const res = await call(s.sandbox, terminals, { auth: PIZZA });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it.each([
    ['a wrong password', { username: PIZZA.username, password: 'nope' }],
    ['an unknown user', { username: 'API_999999_00000000', password: 'x' }],
    ['no Authorization header', null],
  ])('401 AUTHENTICATION_FAILED for %s', async (_case, auth) => {
    const res = await call(s.sandbox, terminals, {
      auth,
      headers: { 'Saferpay-RequestId': 'req-401' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(bodyOf<ErrorBody>(res)).toEqual({
      ResponseHeader: { SpecVersion: '1.53', RequestId: 'req-401' },
      Behavior: 'DO_NOT_RETRY',
      ErrorName: 'AUTHENTICATION_FAILED',
      ErrorMessage: expect.any(String),
    });
  });

  it('401 for a non-Basic scheme', async () => {
    const res = await call(s.sandbox, terminals, { headers: { Authorization: 'Bearer abc' } });
    expect(bodyOf<ErrorBody>(res).ErrorName).toBe('AUTHENTICATION_FAILED');
  });

  it('401 for the password a merchant handed over when Saferpay has another one registered', async () => {
    const res = await call(s.sandbox, customerPath(VELO.customerId, '/terminals'), {
      auth: { username: VELO.username, password: VELO_GIVEN_PASSWORD },
    });
    expect(res.status).toBe(401);
  });

  it("403 PERMISSION_DENIED for customer A's credentials on customer B's path", async () => {
    const res = await call(s.sandbox, customerPath(BAECKEREI.customerId, '/terminals'), {
      auth: PIZZA,
    });
    expect(res.status).toBe(403);
    expect(bodyOf<ErrorBody>(res)).toMatchObject({
      ErrorName: 'PERMISSION_DENIED',
      Behavior: 'DO_NOT_RETRY',
    });
  });

  it("403 PERMISSION_DENIED for another customer's terminal (and for unknown terminals)", async () => {
    for (const terminalId of ['17000101', '99999999']) {
      const res = await call(
        s.sandbox,
        customerPath(PIZZA.customerId, `/terminals/${terminalId}`),
        { auth: PIZZA },
      );
      expect(res.status).toBe(403);
      expect(bodyOf<ErrorBody>(res).ErrorName).toBe('PERMISSION_DENIED');
    }
  });

  it('400 VALIDATION_FAILED without Saferpay-ApiVersion', async () => {
    const res = await call(s.sandbox, terminals, {
      auth: PIZZA,
      headers: { 'Saferpay-ApiVersion': undefined, 'Saferpay-RequestId': 'r-1' },
    });
    expect(res.status).toBe(400);
    const body = bodyOf<ErrorBody>(res);
    expect(body.ErrorName).toBe('VALIDATION_FAILED');
    expect(body.ResponseHeader).toEqual({ SpecVersion: '1.53', RequestId: 'r-1' });
    expect(body.ErrorDetail?.[0]).toMatch(/^Saferpay-ApiVersion: /);
  });

  it('400 VALIDATION_FAILED without Saferpay-RequestId (mandatory RequestId echoes nothing: "")', async () => {
    const res = await call(s.sandbox, terminals, {
      auth: PIZZA,
      headers: { 'Saferpay-RequestId': undefined },
    });
    expect(res.status).toBe(400);
    const body = bodyOf<ErrorBody>(res);
    expect(body.ResponseHeader).toEqual({ SpecVersion: '1.53', RequestId: '' });
    expect(body.ErrorDetail).toEqual([
      'Saferpay-RequestId: The Saferpay-RequestId header is required.',
    ]);
  });

  it.each([['x'.repeat(51)], ['has space'], ['slash/id'], ['per%cent']])(
    '400 for a RequestId that is not Id[1..50]: %s',
    async (requestId) => {
      const res = await call(s.sandbox, terminals, {
        auth: PIZZA,
        headers: { 'Saferpay-RequestId': requestId },
      });
      expect(res.status).toBe(400);
      expect(bodyOf<ErrorBody>(res).ErrorDetail?.[0]).toMatch(/^Saferpay-RequestId: /);
    },
  );

  it('accepts a 50-character RequestId with . : - _ and echoes it', async () => {
    const requestId = `a.b:c-d_${'e'.repeat(42)}`;
    const res = await call(s.sandbox, customerPath(PIZZA.customerId, '/terminals/1'), {
      auth: PIZZA,
      headers: { 'Saferpay-RequestId': requestId },
    });
    expect(res.status).toBe(403);
    expect(bodyOf<ErrorBody>(res).ResponseHeader.RequestId).toBe(requestId);
  });

  it('400 for an ApiVersion that is not a supported version; echoes a requested version as SpecVersion', async () => {
    const res = await call(s.sandbox, terminals, {
      auth: PIZZA,
      headers: { 'Saferpay-ApiVersion': '1.99' },
    });
    expect(res.status).toBe(400);
    expect(bodyOf<ErrorBody>(res).ResponseHeader.SpecVersion).toBe('1.99');
    const old = await call(s.sandbox, terminals, {
      auth: PIZZA,
      headers: { 'Saferpay-ApiVersion': '1.14' },
    });
    expect(old.status).toBe(200);
  });

  it('406 with an empty text/plain body when Accept excludes JSON; */* and missing Accept are fine', async () => {
    const res = await call(s.sandbox, terminals, { auth: PIZZA, headers: { Accept: 'text/html' } });
    expect(res.status).toBe(406);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('');
    expect(
      (await call(s.sandbox, terminals, { auth: PIZZA, headers: { Accept: '*/*' } })).status,
    ).toBe(200);
    expect(
      (await call(s.sandbox, terminals, { auth: PIZZA, headers: { Accept: undefined } })).status,
    ).toBe(200);
  });

  const tokens = customerPath(PIZZA.customerId, '/terminals/1000001/fields-access-tokens');

  it('415 for a body with a non-JSON Content-Type', async () => {
    const res = await call(s.sandbox, tokens, {
      auth: PIZZA,
      method: 'POST',
      rawBody: 'SourceUrls=https://x.ch/',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(bodyOf<ErrorBody>(res).ErrorDetail?.[0]).toMatch(/^Content-Type: /);
  });

  it('415 for a charset other than UTF-8; plain application/json is fine', async () => {
    const body = JSON.stringify({ SourceUrls: ['https://shop.example/'], Description: 'd' });
    const latin = await call(s.sandbox, tokens, {
      auth: PIZZA,
      rawBody: body,
      headers: { 'Content-Type': 'application/json; charset=iso-8859-1' },
    });
    expect(latin.status).toBe(415);
    const plain = await call(s.sandbox, tokens, {
      auth: PIZZA,
      rawBody: body,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(plain.status).toBe(200);
  });

  it('400 VALIDATION_FAILED for malformed JSON', async () => {
    const res = await call(s.sandbox, tokens, { auth: PIZZA, rawBody: '{"SourceUrls": [' });
    expect(res.status).toBe(400);
    expect(bodyOf<ErrorBody>(res).ErrorName).toBe('VALIDATION_FAILED');
  });

  it('unknown paths are a bare 404, wrong methods a bare 405 (web server answers, no JSON)', async () => {
    const missing = await call(s.sandbox, customerPath(PIZZA.customerId, '/terminal'), {
      auth: PIZZA,
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    const wrong = await call(s.sandbox, customerPath(PIZZA.customerId, '/license'), {
      auth: PIZZA,
      method: 'DELETE',
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('checks authentication before headers (wrong password and no RequestId: 401)', async () => {
    const res = await call(s.sandbox, terminals, {
      auth: { username: PIZZA.username, password: 'wrong' },
      headers: { 'Saferpay-RequestId': undefined, 'Saferpay-ApiVersion': undefined },
    });
    expect(res.status).toBe(401);
    expect(bodyOf<ErrorBody>(res).ResponseHeader).toEqual({ SpecVersion: '1.53', RequestId: '' });
  });
});
