import {
  admin,
  BAECKEREI,
  PIZZA,
  bodyOf,
  call,
  customerPath,
  demoFixture,
  paymentPage,
  startSandbox,
  type Started,
} from './support/harness';
import type { ErrorBody, OfferBody, TransactionsPage } from './support/saferpay-shapes';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** FIXED_NOW is 2025-09-10T12:00 in Zurich (+02:00). */
const validOffer = (overrides: Record<string, unknown> = {}) => ({
  Payment: {
    Amount: { Value: '404', CurrencyCode: 'CHF' },
    OrderId: '094c2a7ce1374f7ca184591f123b154d',
    Description: 'Invoice 4711',
    Options: { PreAuth: true },
  },
  ExpirationDate: '2025-09-20T00:00:00+02:00',
  Payer: {
    LanguageCode: 'de',
    BillingAddress: {
      FirstName: 'John',
      LastName: 'Doe',
      Company: 'Worldline',
      Gender: 'MALE',
      Street: 'Mustergasse 123',
      Zip: '8008',
      City: 'Zurich',
      CountryCode: 'CH',
      Email: 'payer@provider.com',
    },
  },
  ...overrides,
});

const offersPath = (offerId = '', terminalId = '1000002') =>
  customerPath(
    PIZZA.customerId,
    `/terminals/${terminalId}/spg-offers${offerId ? `/${offerId}` : ''}`,
  );

describe('SecurePayGate offers', () => {
  let s: Started;
  beforeEach(async () => {
    s = await startSandbox({ fixture: demoFixture(40) });
  });
  afterEach(() => s.sandbox.close());

  const create = (body: unknown = validOffer(), terminalId = '1000002') =>
    call(s.sandbox, offersPath('', terminalId), { auth: PIZZA, body });
  const get = (offerId: string) => call(s.sandbox, offersPath(offerId), { auth: PIZZA });
  const createdId = async (body: unknown = validOffer()) => {
    const res = await create(body);
    expect(res.status).toBe(200);
    return bodyOf<OfferBody>(res).OfferId;
  };
  const expectDetail = async (body: unknown, detail: string | RegExp) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    const error = bodyOf<ErrorBody>(res);
    expect(error.ErrorName).toBe('VALIDATION_FAILED');
    expect(error.ErrorDetail).toEqual(
      expect.arrayContaining([typeof detail === 'string' ? detail : expect.stringMatching(detail)]),
    );
  };

  it('creates an offer: OfferId (guid) and PaymentLink .../SecurePayGate/Payment/<customer>/<terminal>/<offer>', async () => {
    const res = await create();
    expect(res.status).toBe(200);
    const body = bodyOf<OfferBody>(res);
    expect(Object.keys(body)).toEqual(['OfferId', 'PaymentLink']);
    expect(body.PaymentLink).toBe(
      `${s.sandbox.url}/SecurePayGate/Payment/123456/1000002/${body.OfferId}`,
    );
  });

  it('GET returns the offer as in the reference (OPEN, dates with offsets)', async () => {
    const offerId = await createdId();
    const res = await get(offerId);
    expect(res.status).toBe(200);
    expect(bodyOf<OfferBody>(res)).toEqual({
      OfferId: offerId,
      PaymentLink: expect.stringContaining(offerId),
      Status: 'OPEN',
      Payment: {
        Amount: { Value: '404', CurrencyCode: 'CHF' },
        OrderId: '094c2a7ce1374f7ca184591f123b154d',
        Description: 'Invoice 4711',
      },
      CreationDate: '2025-09-10T12:00:00.000+02:00',
      ExpirationDate: '2025-09-20T00:00:00+02:00',
    });
  });

  it('refuses a terminal without SPG type (402 ACTION_NOT_SUPPORTED)', async () => {
    const res = await create(validOffer(), '1000001');
    expect(res.status).toBe(402);
    expect(bodyOf<ErrorBody>(res).ErrorName).toBe('ACTION_NOT_SUPPORTED');
  });

  it('validates Payment', async () => {
    const payment = (p: Record<string, unknown>) =>
      validOffer({ Payment: { ...validOffer().Payment, ...p } });
    await expectDetail(
      payment({ Amount: { Value: '0', CurrencyCode: 'CHF' } }),
      /^Payment\.Amount\.Value: /,
    );
    await expectDetail(
      payment({ Amount: { Value: '4.04', CurrencyCode: 'CHF' } }),
      /^Payment\.Amount\.Value: /,
    );
    await expectDetail(
      payment({ Amount: { Value: 404, CurrencyCode: 'CHF' } }),
      /^Payment\.Amount\.Value: /,
    );
    await expectDetail(
      payment({ Amount: { Value: '404', CurrencyCode: 'USD' } }),
      /^Payment\.Amount\.CurrencyCode: Currency USD is not enabled/,
    );
    await expectDetail(
      payment({ Amount: { Value: '404', CurrencyCode: 'chf' } }),
      /^Payment\.Amount\.CurrencyCode: /,
    );
    await expectDetail(payment({ OrderId: 'x'.repeat(81) }), /^Payment\.OrderId: /);
    await expectDetail(payment({ OrderId: 'order #1' }), /^Payment\.OrderId: /);
    await expectDetail(
      payment({ Description: undefined }),
      'Payment.Description: The Description field is required.',
    );
    await expectDetail(payment({ Description: 'x'.repeat(101) }), /^Payment\.Description: /);
    await expectDetail(
      validOffer({ Payment: undefined }),
      'Payment: The Payment field is required.',
    );
  });

  it('requires Payer and validates its fields', async () => {
    await expectDetail(validOffer({ Payer: undefined }), 'Payer: The Payer field is required.');
    await expectDetail(
      validOffer({ Payer: { BillingAddress: { CountryCode: 'CHE' } } }),
      /^Payer\.BillingAddress\.CountryCode: /,
    );
    await expectDetail(validOffer({ Payer: { LanguageCode: 'german' } }), /^Payer\.LanguageCode: /);
    await expectDetail(validOffer({ Payer: { IpAddress: '1.2.3' } }), /^Payer\.IpAddress: /);
    expect((await create(validOffer({ Payer: {} }))).status).toBe(200);
  });

  it('ExpirationDate: format yyyy-MM-ddTHH:mm:ssK, at least 1h ahead, at most 180 days ahead', async () => {
    const at = (ms: number) =>
      new Date(Date.parse('2025-09-10T10:00:00Z') + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await expectDetail(
      validOffer({ ExpirationDate: '2025-09-20' }),
      /^ExpirationDate: The value '2025-09-20' is not valid/,
    );
    await expectDetail(validOffer({ ExpirationDate: '2025-09-20T00:00:00' }), /^ExpirationDate: /);
    await expectDetail(
      validOffer({ ExpirationDate: at(HOUR - 1000) }),
      'ExpirationDate: ExpirationDate must be at least 1h in the future.',
    );
    await expectDetail(
      validOffer({ ExpirationDate: at(180 * DAY + 1000) }),
      'ExpirationDate: ExpirationDate must be within the next 180 days.',
    );
    await expectDetail(
      validOffer({ ExpirationDate: undefined }),
      'ExpirationDate: The ExpirationDate field is required.',
    );
    expect((await create(validOffer({ ExpirationDate: at(HOUR) }))).status).toBe(200);
    expect((await create(validOffer({ ExpirationDate: at(180 * DAY) }))).status).toBe(200);
  });

  it('MaxPaymentAttempts admits 0, 1, 3, 5, 10 only', async () => {
    await expectDetail(
      validOffer({ MaxPaymentAttempts: 2 }),
      /^MaxPaymentAttempts: The value 2 is not admissible/,
    );
    await expectDetail(validOffer({ MaxPaymentAttempts: '3' }), /^MaxPaymentAttempts: /);
    for (const attempts of [0, 1, 3, 5, 10]) {
      expect((await create(validOffer({ MaxPaymentAttempts: attempts }))).status).toBe(200);
    }
  });

  it('ConfigSet is Id[1..20]; optional containers are validated', async () => {
    await expectDetail(validOffer({ ConfigSet: 'x'.repeat(21) }), /^ConfigSet: /);
    await expectDetail(validOffer({ ConfigSet: 'my config' }), /^ConfigSet: /);
    await expectDetail(validOffer({ Condition: 'ALWAYS' }), /^Condition: /);
    // The guide's example still sends the removed BillingAddressForm.Display.
    await expectDetail(
      validOffer({ BillingAddressForm: { Display: true } }),
      'BillingAddressForm.AddressSource: The AddressSource field is required.',
    );
    await expectDetail(validOffer({ RegisterAlias: {} }), /^RegisterAlias\.IdGenerator: /);
    await expectDetail(
      validOffer({ Order: { Items: [{ Type: 'FOOD' }] } }),
      /^Order\.Items\[0\]\.Type: /,
    );
    const full = validOffer({
      ConfigSet: 'event',
      Condition: 'WITH_SUCCESSFUL_THREE_DS_CHALLENGE',
      BillingAddressForm: { AddressSource: 'SAFERPAY', MandatoryFields: ['FIRSTNAME', 'LASTNAME'] },
      RegisterAlias: { IdGenerator: 'RANDOM' },
      Order: {
        Items: [{ Type: 'PHYSICAL', Name: 'Knife', Quantity: 1, UnitPrice: '404', TaxRate: '770' }],
      },
    });
    expect((await create(full)).status).toBe(200);
  });

  it('reports all validation problems at once', async () => {
    const res = await create({ MaxPaymentAttempts: 2 });
    expect(bodyOf<ErrorBody>(res).ErrorDetail?.length).toBeGreaterThanOrEqual(4);
  });

  it('OPEN → PAID (admin pay): TransactionId set and a SUCCESSFUL transaction reported the next day', async () => {
    const offerId = await createdId();
    const paid = await admin(s.sandbox, `/spg-offers/${offerId}/pay`, 'POST', {});
    expect(paid.status).toBe(200);
    const offer = bodyOf<OfferBody>(await get(offerId));
    expect(offer.Status).toBe('PAID');
    expect(offer.TransactionId).toMatch(/^[A-Za-z0-9]{28}$/);

    s.clock.advance(DAY);
    const report = await call(
      s.sandbox,
      customerPath(
        PIZZA.customerId,
        '/transactions?StartDate=2025-09-10&EndDate=2025-09-10T23:59&TerminalId=1000002',
      ),
      { auth: PIZZA },
    );
    const page = bodyOf<TransactionsPage>(report);
    const tx = page.Transactions.find((t) => t.TransactionId === offer.TransactionId);
    expect(tx).toMatchObject({
      TerminalType: 'SPG',
      OrderId: '094c2a7ce1374f7ca184591f123b154d',
      MerchantAmount: '4.04',
      MerchantCurrency: 'CHF',
    });
    expect(tx?.AuthorizationDetails).toMatchObject({ State: 'AUTHORIZED', IsCaptured: false });
    expect((await admin(s.sandbox, `/spg-offers/${offerId}/pay`, 'POST', {})).status).toBe(409);
  });

  it('OPEN → DISABLED by DELETE (200, no body); a paid offer cannot be deleted', async () => {
    const offerId = await createdId();
    const res = await call(s.sandbox, offersPath(offerId), { auth: PIZZA, method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(bodyOf<OfferBody>(await get(offerId)).Status).toBe('DISABLED');
    expect((await admin(s.sandbox, `/spg-offers/${offerId}/pay`, 'POST', {})).status).toBe(409);

    const paidId = await createdId();
    await admin(s.sandbox, `/spg-offers/${paidId}/pay`, 'POST', {});
    const refused = await call(s.sandbox, offersPath(paidId), { auth: PIZZA, method: 'DELETE' });
    expect(refused.status).toBe(402);
    expect(bodyOf<ErrorBody>(refused).ErrorName).toBe('ACTION_NOT_SUPPORTED');
  });

  it('DELETE does not kill a payment session that already started', async () => {
    const offerId = await createdId();
    expect((await admin(s.sandbox, `/spg-offers/${offerId}/open`, 'POST')).status).toBe(200);
    await call(s.sandbox, offersPath(offerId), { auth: PIZZA, method: 'DELETE' });
    expect(bodyOf<OfferBody>(await get(offerId)).Status).toBe('DISABLED');
    expect((await admin(s.sandbox, `/spg-offers/${offerId}/pay`, 'POST', {})).status).toBe(200);
    expect(bodyOf<OfferBody>(await get(offerId)).Status).toBe('PAID');
  });

  it('OPEN → EXPIRED by the clock, and by the admin API', async () => {
    const offerId = await createdId(validOffer({ ExpirationDate: '2025-09-10T14:00:00+02:00' }));
    s.clock.advance(2 * HOUR - 1);
    expect(bodyOf<OfferBody>(await get(offerId)).Status).toBe('OPEN');
    s.clock.advance(1);
    expect(bodyOf<OfferBody>(await get(offerId)).Status).toBe('EXPIRED');
    expect((await admin(s.sandbox, `/spg-offers/${offerId}/pay`, 'POST', {})).status).toBe(409);

    const other = await createdId();
    expect((await admin(s.sandbox, `/spg-offers/${other}/expire`, 'POST')).status).toBe(200);
    expect(bodyOf<OfferBody>(await get(other)).Status).toBe('EXPIRED');
  });

  it('unknown offer: ACTION_NOT_SUPPORTED; malformed id: VALIDATION_FAILED; other customer: PERMISSION_DENIED', async () => {
    const unknown = await get('503a3d7b-072b-400f-9e7e-8ec15191c737');
    expect(unknown.status).toBe(402);
    expect(bodyOf<ErrorBody>(unknown).ErrorName).toBe('ACTION_NOT_SUPPORTED');
    expect(bodyOf<ErrorBody>(await get('not-a-guid')).ErrorName).toBe('VALIDATION_FAILED');
    const offerId = await createdId();
    const foreign = await call(
      s.sandbox,
      customerPath(BAECKEREI.customerId, `/terminals/1000002/spg-offers/${offerId}`),
      {
        auth: BAECKEREI,
      },
    );
    expect(foreign.status).toBe(403);
  });

  it('the PaymentLink serves a minimal payment page that starts a session and can pay', async () => {
    const res = await create();
    const { PaymentLink, OfferId } = bodyOf<OfferBody>(res);
    const page = await paymentPage(PaymentLink);
    expect(page.status).toBe(200);
    expect(page.text).toContain('CHF 4.04');
    const pay = await paymentPage(PaymentLink, 'POST');
    expect(pay.status).toBe(200);
    expect(bodyOf<OfferBody>(await get(OfferId)).Status).toBe('PAID');
  });
});
