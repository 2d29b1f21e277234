import { ManualClock, createSandbox } from '../src/create-sandbox';
import {
  BAECKEREI,
  FIXED_NOW,
  PIZZA,
  VELO,
  admin,
  bodyOf,
  call,
  customerPath,
  startSandbox,
  type Started,
} from './support/harness';
import type {
  ConfigurationsBody,
  ErrorBody,
  LicenseBody,
  TerminalBody,
  TerminalsBody,
} from './support/saferpay-shapes';

const LOGO = /^https:\/\/www\.saferpay\.com\/static\/logo\/[a-z]+\.svg\?v=\d+$/;

describe('read endpoints against the demo fixture', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(() => s.sandbox.close());

  it('GET /license returns Package and Features', async () => {
    const res = await call(s.sandbox, customerPath(PIZZA.customerId, '/license'), { auth: PIZZA });
    expect(res.status).toBe(200);
    expect(bodyOf<LicenseBody>(res)).toEqual({
      Package: { Id: 'SAFERPAY_FLEX', DisplayName: 'Saferpay Flex' },
      Features: [
        { Id: 'MANAGEMENT_API', DisplayName: 'Management API' },
        { Id: 'PAYMENT_API', DisplayName: 'Payment API' },
        { Id: 'SECURE_PAYGATE', DisplayName: 'Secure PayGate' },
      ],
    });
  });

  it('GET /license-configuration (deprecated) answers the same', async () => {
    const license = await call(s.sandbox, customerPath(PIZZA.customerId, '/license'), {
      auth: PIZZA,
    });
    const config = await call(s.sandbox, customerPath(PIZZA.customerId, '/license-configuration'), {
      auth: PIZZA,
    });
    expect(config.status).toBe(200);
    expect(config.json).toEqual(license.json);
  });

  it('accounts without /license: bare 404 (and ACTION_NOT_SUPPORTED when so configured); /license-configuration works', async () => {
    const notFound = await call(s.sandbox, customerPath(VELO.customerId, '/license'), {
      auth: VELO,
      routeAbsent: true,
    });
    expect(notFound.status).toBe(404);
    expect(notFound.json).toBeUndefined();
    const fallback = await call(
      s.sandbox,
      customerPath(VELO.customerId, '/license-configuration'),
      { auth: VELO },
    );
    expect(bodyOf<LicenseBody>(fallback).Package.Id).toBe('SAFERPAY_ESSENTIAL');

    await admin(s.sandbox, `/accounts/${VELO.customerId}`, 'PATCH', {
      licenseEndpoint: 'not-supported',
    });
    const unsupported = await call(s.sandbox, customerPath(VELO.customerId, '/license'), {
      auth: VELO,
    });
    expect(unsupported.status).toBe(402);
    expect(bodyOf<ErrorBody>(unsupported)).toMatchObject({
      ErrorName: 'ACTION_NOT_SUPPORTED',
      Behavior: 'DO_NOT_RETRY',
    });
    await admin(s.sandbox, `/accounts/${VELO.customerId}`, 'PATCH', {
      licenseEndpoint: 'not-found',
    });
  });

  it('payment page configurations in the example casing (name/isDefault) for some accounts', async () => {
    const res = await call(
      s.sandbox,
      customerPath(PIZZA.customerId, '/payment-page/configurations'),
      { auth: PIZZA },
    );
    expect(bodyOf<ConfigurationsBody>(res).Configurations).toEqual([
      { name: 'default', isDefault: true, Description: 'Default Configuration' },
      { name: 'special', isDefault: false, Description: 'Special Payment Page Configuration' },
      {
        name: 'event',
        isDefault: false,
        Description: 'Special Payment Page Configuration for Events',
      },
    ]);
  });

  it('…and in the container casing (Name/IsDefault) for others', async () => {
    const res = await call(
      s.sandbox,
      customerPath(BAECKEREI.customerId, '/payment-page/configurations'),
      {
        auth: BAECKEREI,
      },
    );
    expect(bodyOf<ConfigurationsBody>(res).Configurations[0]).toEqual({
      Name: 'default',
      IsDefault: true,
      Description: 'Default Configuration',
    });
  });

  it('GET /terminals lists a TerminalId twice with two types, like the reference', async () => {
    const res = await call(s.sandbox, customerPath(PIZZA.customerId, '/terminals'), {
      auth: PIZZA,
    });
    expect(bodyOf<TerminalsBody>(res)).toEqual({
      Terminals: [
        {
          TerminalId: '1000001',
          Type: 'ECOM',
          Description: 'Terminal 1 for Payment Page / Ecommerce',
        },
        { TerminalId: '1000002', Type: 'MPO', Description: 'Terminal 2 for Mail Phone Order' },
        { TerminalId: '1000002', Type: 'SPG', Description: 'Terminal 3 for Secure Pay Gate' },
      ],
    });
  });

  it('GET /terminals/:id returns methods, currencies, wallets and logos as in the reference', async () => {
    const res = await call(s.sandbox, customerPath(PIZZA.customerId, '/terminals/1000001'), {
      auth: PIZZA,
    });
    const terminal = bodyOf<TerminalBody>(res);
    expect(terminal).toMatchObject({ TerminalId: '1000001', Type: 'ECOM' });
    expect(terminal.PaymentMethods.map((m) => [m.PaymentMethod, m.Currencies])).toEqual([
      ['VISA', ['USD']],
      ['MASTERCARD', ['EUR', 'CHF']],
      ['MAESTRO', ['EUR']],
      ['PAYPAL', ['EUR', 'CHF', 'USD']],
    ]);
    expect(terminal.PaymentMethods[0]?.LogoUrl).toBe(
      'https://www.saferpay.com/static/logo/visa.svg?v=637381079349290910',
    );
    expect(terminal.Wallets.map((w) => w.WalletName)).toEqual(['APPLEPAY', 'GOOGLEPAY']);
    for (const logo of [...terminal.PaymentMethods, ...terminal.Wallets].map((x) => x.LogoUrl)) {
      expect(logo).toMatch(LOGO);
    }
  });

  it('GET /terminals/:id of a duplicated id answers with the first entry (MPO)', async () => {
    const res = await call(s.sandbox, customerPath(PIZZA.customerId, '/terminals/1000002'), {
      auth: PIZZA,
    });
    expect(bodyOf<TerminalBody>(res).Type).toBe('MPO');
  });

  it('GET /terminals/:id/payment-methods (deprecated) returns PaymentMethods and Wallets only', async () => {
    const res = await call(
      s.sandbox,
      customerPath(PIZZA.customerId, '/terminals/1000001/payment-methods'),
      {
        auth: PIZZA,
      },
    );
    const body = bodyOf<Record<string, unknown>>(res);
    expect(Object.keys(body)).toEqual(['PaymentMethods', 'Wallets']);
  });
});

describe('generated accounts', () => {
  const build = (seed: number, accounts = 12) =>
    createSandbox({ seed, accounts, clock: new ManualClock(FIXED_NOW) });

  it('are deterministic: same seed and clock, same data', () => {
    const a = build(42);
    const b = build(42);
    expect(a.state.accounts()).toEqual(b.state.accounts());
    for (const account of a.state.accounts()) {
      expect(a.state.transactions(account.customerId)).toEqual(
        b.state.transactions(account.customerId),
      );
    }
    expect(build(43).state.accounts()).not.toEqual(a.state.accounts());
  });

  it('have realistic variety', () => {
    const accounts = build(42, 50).state.accounts();
    expect(new Set(accounts.map((a) => a.customerId)).size).toBe(50);
    for (const a of accounts) {
      expect(a.customerId).toMatch(/^\d{6}$/);
      expect(a.username).toMatch(new RegExp(`^API_${a.customerId}_\\d{8}$`));
    }
    const packages = new Set(accounts.map((a) => a.license.package.id));
    expect(packages).toEqual(
      new Set([
        'SAFERPAY_BUSINESS',
        'SAFERPAY_FLEX',
        'SAFERPAY_ESSENTIAL',
        'SAFERPAY_SECURE_PAYGATE',
      ]),
    );
    expect(new Set(accounts.map((a) => a.licenseEndpoint))).toEqual(
      new Set(['available', 'not-found', 'not-supported']),
    );
    expect(new Set(accounts.map((a) => a.paymentPageConfigCasing)).size).toBe(2);
    expect(new Set(accounts.map((a) => a.transactionAmountShape)).size).toBe(2);
    expect(accounts.some((a) => a.password !== a.givenPassword)).toBe(true);
    const terminals = accounts.flatMap((a) => a.terminals);
    expect(new Set(terminals.map((t) => t.type))).toEqual(new Set(['ECOM', 'SPG', 'MPO']));
    expect(
      accounts.some((a) =>
        a.terminals.some(
          (t, i) => a.terminals.findIndex((u) => u.terminalId === t.terminalId) !== i,
        ),
      ),
    ).toBe(true);
    const methods = new Set(terminals.flatMap((t) => t.paymentMethods.map((m) => m.paymentMethod)));
    for (const code of [
      'VISA',
      'MASTERCARD',
      'MAESTRO',
      'AMEX',
      'TWINT',
      'PAYPAL',
      'KLARNA',
      'POSTFINANCE',
    ]) {
      expect(methods).toContain(code);
    }
    const wallets = new Set(terminals.flatMap((t) => t.wallets.map((w) => w.walletName)));
    expect(wallets).toEqual(new Set(['APPLEPAY', 'GOOGLEPAY', 'SAMSUNGPAY', 'CLICKTOPAY']));
  });

  it('serve the first account over HTTP like any other', async () => {
    const sandbox = build(42, 3);
    await sandbox.start();
    try {
      const [account] = sandbox.state.accounts();
      if (!account) throw new Error('no account');
      const res = await call(sandbox, customerPath(account.customerId, '/terminals'), {
        auth: { username: account.username, password: account.givenPassword },
      });
      expect(res.status).toBe(200);
      expect(bodyOf<TerminalsBody>(res).Terminals.length).toBe(account.terminals.length);
    } finally {
      await sandbox.close();
    }
  });
});
