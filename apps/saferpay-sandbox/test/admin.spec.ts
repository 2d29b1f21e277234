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
  type Started,
} from './support/harness';
import type {
  LicenseBody,
  RequestLogBody,
  TerminalBody,
  TerminalsBody,
} from './support/saferpay-shapes';

interface AccountSummary {
  customerId: string;
  username: string;
  password: string;
  givenCredentials: { username: string; password: string };
  credentialsValid: boolean;
  licenseEndpoint: string;
}

describe('admin API', () => {
  let s: Started;
  beforeEach(async () => {
    s = await startSandbox({ fixture: demoFixture(40) });
  });
  afterEach(() => s.sandbox.close());

  const terminal = async (terminalId: string) =>
    bodyOf<TerminalBody>(
      await call(s.sandbox, customerPath(PIZZA.customerId, `/terminals/${terminalId}`), {
        auth: PIZZA,
      }),
    );

  it('health', async () => {
    const res = await admin(s.sandbox, '/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'ok',
      accounts: 3,
      specVersion: '1.53',
      now: '2025-09-10T10:00:00.000Z',
    });
  });

  it('lists accounts with registered and given credentials, flags the wrong ones', async () => {
    const { accounts } = bodyOf<{ accounts: AccountSummary[] }>(
      await admin(s.sandbox, '/accounts'),
    );
    expect(accounts.map((a) => a.customerId)).toEqual(['123456', '234567', '345678']);
    const velo = accounts.find((a) => a.customerId === VELO.customerId);
    expect(velo).toMatchObject({
      username: VELO.username,
      password: VELO.password,
      givenCredentials: { username: VELO.username, password: VELO_GIVEN_PASSWORD },
      credentialsValid: false,
      licenseEndpoint: 'not-found',
    });
    const invalid = bodyOf<{ accounts: AccountSummary[] }>(
      await admin(s.sandbox, '/accounts?credentialsValid=false'),
    );
    expect(invalid.accounts.map((a) => a.customerId)).toEqual([VELO.customerId]);
  });

  it('gets one account in detail; unknown is 404', async () => {
    const res = await admin(s.sandbox, `/accounts/${PIZZA.customerId}`);
    expect(res.json).toMatchObject({ customerId: PIZZA.customerId, counts: { transactions: 40 } });
    expect((await admin(s.sandbox, '/accounts/000000')).status).toBe(404);
  });

  it('removes and adds payment methods and currencies on a terminal', async () => {
    const base = `/accounts/${PIZZA.customerId}/terminals/1000001/payment-methods`;
    expect((await admin(s.sandbox, `${base}/MAESTRO`, 'DELETE')).status).toBe(200);
    expect(
      (await admin(s.sandbox, base, 'POST', { paymentMethod: 'TWINT', currencies: ['CHF'] }))
        .status,
    ).toBe(201);
    expect(
      (await admin(s.sandbox, `${base}/VISA/currencies`, 'POST', { currency: 'CHF' })).status,
    ).toBe(201);
    expect((await admin(s.sandbox, `${base}/PAYPAL/currencies/USD`, 'DELETE')).status).toBe(200);
    const methods = (await terminal('1000001')).PaymentMethods.map((m) => [
      m.PaymentMethod,
      m.Currencies,
    ]);
    expect(methods).toEqual([
      ['VISA', ['USD', 'CHF']],
      ['MASTERCARD', ['EUR', 'CHF']],
      ['PAYPAL', ['EUR', 'CHF']],
      ['TWINT', ['CHF']],
    ]);
    expect((await admin(s.sandbox, `${base}/MAESTRO`, 'DELETE')).status).toBe(404);
  });

  it('changes one entry of a duplicated TerminalId with ?type=', async () => {
    await admin(
      s.sandbox,
      `/accounts/${PIZZA.customerId}/terminals/1000002/payment-methods/TWINT?type=SPG`,
      'DELETE',
    );
    const account = s.sandbox.state.account(PIZZA.customerId);
    const spg = account?.terminals.find((t) => t.terminalId === '1000002' && t.type === 'SPG');
    expect(spg?.paymentMethods.map((m) => m.paymentMethod)).toEqual(['VISA', 'MASTERCARD']);
  });

  it('adds and removes wallets and terminals', async () => {
    await admin(s.sandbox, `/accounts/${PIZZA.customerId}/terminals/1000001/wallets`, 'POST', {
      walletName: 'SAMSUNGPAY',
    });
    await admin(
      s.sandbox,
      `/accounts/${PIZZA.customerId}/terminals/1000001/wallets/APPLEPAY`,
      'DELETE',
    );
    expect((await terminal('1000001')).Wallets.map((w) => w.WalletName)).toEqual([
      'GOOGLEPAY',
      'SAMSUNGPAY',
    ]);

    const added = await admin(s.sandbox, `/accounts/${PIZZA.customerId}/terminals`, 'POST', {
      type: 'ECOM',
      description: 'New shop',
      paymentMethods: [{ paymentMethod: 'VISA', currencies: ['CHF'] }],
    });
    expect(added.status).toBe(201);
    const newId = bodyOf<{ terminalId: string }>(added).terminalId;
    expect(newId).toMatch(/^\d{8}$/);
    expect((await terminal(newId)).Description).toBe('New shop');
    expect(
      (await admin(s.sandbox, `/accounts/${PIZZA.customerId}/terminals/${newId}`, 'DELETE')).status,
    ).toBe(204);
    const list = bodyOf<TerminalsBody>(
      await call(s.sandbox, customerPath(PIZZA.customerId, '/terminals'), { auth: PIZZA }),
    );
    expect(list.Terminals.map((t) => t.TerminalId)).not.toContain(newId);
  });

  it('changes license package and features, and toggles the /license endpoint', async () => {
    await admin(s.sandbox, `/accounts/${PIZZA.customerId}/license`, 'PUT', {
      package: 'SAFERPAY_BUSINESS',
    });
    await admin(s.sandbox, `/accounts/${PIZZA.customerId}/license/features`, 'POST', {
      id: 'SAFERPAY_FIELDS',
    });
    await admin(s.sandbox, `/accounts/${PIZZA.customerId}/license/features/PAYMENT_API`, 'DELETE');
    const license = bodyOf<LicenseBody>(
      await call(s.sandbox, customerPath(PIZZA.customerId, '/license'), { auth: PIZZA }),
    );
    expect(license.Package).toEqual({ Id: 'SAFERPAY_BUSINESS', DisplayName: 'Saferpay Business' });
    expect(license.Features.map((f) => f.Id)).toEqual([
      'MANAGEMENT_API',
      'SECURE_PAYGATE',
      'SAFERPAY_FIELDS',
    ]);

    await admin(s.sandbox, `/accounts/${PIZZA.customerId}`, 'PATCH', {
      licenseEndpoint: 'not-found',
    });
    expect(
      (
        await call(s.sandbox, customerPath(PIZZA.customerId, '/license'), {
          auth: PIZZA,
          routeAbsent: true,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await admin(s.sandbox, `/accounts/${PIZZA.customerId}`, 'PATCH', {
          licenseEndpoint: 'maybe',
        })
      ).status,
    ).toBe(400);
  });

  it('changes the registered password (the old one then fails with 401)', async () => {
    await admin(s.sandbox, `/accounts/${PIZZA.customerId}`, 'PATCH', { password: 'rotated-1' });
    const path = customerPath(PIZZA.customerId, '/terminals');
    expect((await call(s.sandbox, path, { auth: PIZZA })).status).toBe(401);
    expect(
      (await call(s.sandbox, path, { auth: { ...PIZZA, password: 'rotated-1' } })).status,
    ).toBe(200);
  });

  it('adds an account from the fixture schema', async () => {
    const res = await admin(s.sandbox, '/accounts', 'POST', {
      customerId: '456789',
      username: 'API_456789_12345678',
      password: 'pw',
      license: { package: 'SAFERPAY_FLEX', features: ['MANAGEMENT_API'] },
      terminals: [
        {
          terminalId: '17000301',
          type: 'ECOM',
          paymentMethods: [{ paymentMethod: 'VISA', currencies: ['EUR'] }],
        },
      ],
      transactions: 5,
    });
    expect(res.status).toBe(201);
    const auth = { username: 'API_456789_12345678', password: 'pw' };
    expect(
      (await call(s.sandbox, customerPath('456789', '/terminals/17000301'), { auth })).status,
    ).toBe(200);
    expect(
      (
        await admin(s.sandbox, '/accounts', 'POST', {
          customerId: '456789',
          username: 'x',
          password: 'y',
          license: { package: 'X' },
        })
      ).status,
    ).toBe(409);
    expect((await admin(s.sandbox, '/accounts', 'POST', { customerId: '12' })).status).toBe(400);
  });

  it('records Management API calls (RequestId reuse is visible) and clears the log', async () => {
    const path = customerPath(PIZZA.customerId, '/terminals');
    await call(s.sandbox, path, { auth: PIZZA, headers: { 'Saferpay-RequestId': 'retry-me' } });
    await call(s.sandbox, path, { auth: PIZZA, headers: { 'Saferpay-RequestId': 'retry-me' } });
    await call(s.sandbox, customerPath(BAECKEREI.customerId, '/license'), {
      auth: { ...BAECKEREI, password: 'bad' },
    });
    const log = bodyOf<RequestLogBody>(await admin(s.sandbox, '/requests'));
    expect(log.count).toBe(3);
    expect(log.requests[0]).toMatchObject({
      method: 'GET',
      path,
      customerId: PIZZA.customerId,
      operation: 'GetTerminals',
      requestId: 'retry-me',
      username: PIZZA.username,
      status: 200,
      aborted: false,
    });
    expect(log.requests[2]).toMatchObject({
      operation: 'GetLicense',
      status: 401,
      errorName: 'AUTHENTICATION_FAILED',
    });
    expect(
      bodyOf<RequestLogBody>(await admin(s.sandbox, '/requests?requestId=retry-me')).count,
    ).toBe(2);
    expect(
      bodyOf<RequestLogBody>(await admin(s.sandbox, `/requests?customerId=${BAECKEREI.customerId}`))
        .count,
    ).toBe(1);
    expect(bodyOf<RequestLogBody>(await admin(s.sandbox, '/requests?status=401')).count).toBe(1);
    await admin(s.sandbox, '/requests', 'DELETE');
    expect(bodyOf<RequestLogBody>(await admin(s.sandbox, '/requests')).count).toBe(0);
  });

  it('moves the clock (offers expire, reports see new days) and resets it', async () => {
    const moved = await admin(s.sandbox, '/clock', 'PUT', { advanceMs: 86_400_000 });
    expect(moved.json).toMatchObject({ now: '2025-09-11T10:00:00.000Z', offsetMs: 86_400_000 });
    await admin(s.sandbox, '/clock', 'PUT', { now: '2025-12-24T18:00:00Z' });
    expect(bodyOf<{ now: string }>(await admin(s.sandbox, '/clock')).now).toBe(
      '2025-12-24T18:00:00.000Z',
    );
    await admin(s.sandbox, '/clock', 'DELETE');
    expect(bodyOf<{ now: string }>(await admin(s.sandbox, '/clock')).now).toBe(
      '2025-09-10T10:00:00.000Z',
    );
  });

  it('resets state (tokens, offers, faults, log) and reseeds from a seed', async () => {
    await call(
      s.sandbox,
      customerPath(PIZZA.customerId, '/terminals/1000001/fields-access-tokens'),
      {
        auth: PIZZA,
        body: { SourceUrls: ['https://shop.example/'], Description: 'x' },
      },
    );
    await admin(s.sandbox, '/faults', 'POST', { kind: 'latency', latencyMs: 1 });
    expect((await admin(s.sandbox, '/reset', 'POST', {})).json).toEqual({ accounts: 3 });
    expect(s.sandbox.state.tokensOf(PIZZA.customerId)).toEqual([]);
    expect(s.sandbox.faults.list()).toEqual([]);
    expect(bodyOf<RequestLogBody>(await admin(s.sandbox, '/requests')).count).toBe(0);

    expect((await admin(s.sandbox, '/reset', 'POST', { seed: 7, accounts: 4 })).json).toEqual({
      accounts: 4,
    });
    const first = s.sandbox.state.accounts().map((a) => a.customerId);
    await admin(s.sandbox, '/reset', 'POST', { seed: 7, accounts: 4 });
    expect(s.sandbox.state.accounts().map((a) => a.customerId)).toEqual(first);
    expect(
      (await admin(s.sandbox, '/reset', 'POST', { fixture: { accounts: 'nope' } })).status,
    ).toBe(400);
  });

  it('unknown admin endpoints are JSON 404s', async () => {
    const res = await admin(s.sandbox, '/nope');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: 'not_found' });
  });
});
