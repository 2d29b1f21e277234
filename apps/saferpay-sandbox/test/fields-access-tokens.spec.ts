import {
  BAECKEREI,
  PIZZA,
  bodyOf,
  call,
  customerPath,
  startSandbox,
  type Started,
} from './support/harness';
import type { ErrorBody } from './support/saferpay-shapes';

const tokensPath = (terminalId: string, token = '') =>
  customerPath(
    PIZZA.customerId,
    `/terminals/${terminalId}/fields-access-tokens${token ? `/${token}` : ''}`,
  );

const valid = {
  SourceUrls: ['https://a.yourshop.com/', 'https://b.yourshop.com/'],
  Description: 'Token for YourShop',
};

describe('Saferpay Fields access tokens', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(() => s.sandbox.close());

  const create = (body: unknown, terminalId = '1000001') =>
    call(s.sandbox, tokensPath(terminalId), { auth: PIZZA, body });
  const tokens = () =>
    s.sandbox.state.tokensOf(PIZZA.customerId, '1000001').map((t) => t.accessToken);

  it('creates a token (200, { AccessToken: uuid }) bound to customer, terminal and URLs', async () => {
    const res = await create(valid);
    expect(res.status).toBe(200);
    const { AccessToken } = bodyOf<{ AccessToken: string }>(res);
    expect(Object.keys(res.json as object)).toEqual(['AccessToken']);
    expect(AccessToken).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(
      s.sandbox.state
        .tokensOf(PIZZA.customerId, '1000001')
        .find((t) => t.accessToken === AccessToken),
    ).toMatchObject({
      description: valid.Description,
      sourceUrls: valid.SourceUrls,
    });
  });

  it.each([
    [
      'an http URL',
      { ...valid, SourceUrls: ['https://ok.shop/', 'http://yourshop.com/'] },
      'SourceUrls: Only HTTPS is allowed.',
    ],
    ['missing SourceUrls', { Description: 'x' }, 'SourceUrls: The SourceUrls field is required.'],
    ['empty SourceUrls', { ...valid, SourceUrls: [] }, 'SourceUrls: At least one URL is required.'],
    [
      'a relative URL',
      { ...valid, SourceUrls: ['/shop'] },
      "SourceUrls: '/shop' is not a valid absolute URL.",
    ],
    [
      'missing Description',
      { SourceUrls: valid.SourceUrls },
      'Description: The Description field is required.',
    ],
    [
      'a Description over 128 characters',
      { ...valid, Description: 'x'.repeat(129) },
      'Description: The field Description must be a string with a minimum length of 1 and a maximum length of 128.',
    ],
    ['no body at all', undefined, 'Request: The Request field is required.'],
  ])('400 VALIDATION_FAILED for %s', async (_case, body, detail) => {
    const res =
      body === undefined
        ? await call(s.sandbox, tokensPath('1000001'), { auth: PIZZA, method: 'POST' })
        : await create(body);
    expect(res.status).toBe(400);
    const error = bodyOf<ErrorBody>(res);
    expect(error).toMatchObject({
      Behavior: 'DO_NOT_RETRY',
      ErrorName: 'VALIDATION_FAILED',
      ErrorMessage: 'Request validation failed',
    });
    expect(error.ErrorDetail).toContain(detail);
  });

  it('accepts exactly 128 characters of UTF-8 description', async () => {
    expect((await create({ ...valid, Description: 'ü'.repeat(128) })).status).toBe(200);
  });

  it('refuses tokens on a terminal that is not ECOM (402 ACTION_NOT_SUPPORTED)', async () => {
    const res = await create(valid, '1000002');
    expect(res.status).toBe(402);
    expect(bodyOf<ErrorBody>(res).ErrorName).toBe('ACTION_NOT_SUPPORTED');
  });

  it("refuses another customer's terminal (403 PERMISSION_DENIED)", async () => {
    const res = await create(valid, '17000101');
    expect(res.status).toBe(403);
  });

  it('deletes one token (200, no body); deleting it again is TOKEN_INVALID', async () => {
    const { AccessToken } = bodyOf<{ AccessToken: string }>(await create(valid));
    const deleted = await call(s.sandbox, tokensPath('1000001', AccessToken), {
      auth: PIZZA,
      method: 'DELETE',
    });
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('');
    expect(tokens()).not.toContain(AccessToken);
    const again = await call(s.sandbox, tokensPath('1000001', AccessToken), {
      auth: PIZZA,
      method: 'DELETE',
    });
    expect(again.status).toBe(402);
    expect(bodyOf<ErrorBody>(again)).toMatchObject({
      ErrorName: 'TOKEN_INVALID',
      Behavior: 'DO_NOT_RETRY',
    });
  });

  it('TOKEN_INVALID for an unknown token or one of another customer', async () => {
    const unknown = await call(
      s.sandbox,
      tokensPath('1000001', '67f47961-2912-4338-8039-22ac2b8486f3'),
      {
        auth: PIZZA,
        method: 'DELETE',
      },
    );
    expect(bodyOf<ErrorBody>(unknown).ErrorName).toBe('TOKEN_INVALID');
    const other = await call(
      s.sandbox,
      customerPath(BAECKEREI.customerId, '/terminals/17000101/fields-access-tokens'),
      {
        auth: BAECKEREI,
        body: valid,
      },
    );
    const foreign = bodyOf<{ AccessToken: string }>(other).AccessToken;
    const res = await call(s.sandbox, tokensPath('1000001', foreign), {
      auth: PIZZA,
      method: 'DELETE',
    });
    expect(bodyOf<ErrorBody>(res).ErrorName).toBe('TOKEN_INVALID');
    expect(s.sandbox.state.tokensOf(BAECKEREI.customerId).map((t) => t.accessToken)).toContain(
      foreign,
    );
  });

  it('DELETE on the collection deletes all tokens of that terminal only', async () => {
    await create(valid);
    await create(valid);
    const otherCustomerBefore = s.sandbox.state.tokensOf(BAECKEREI.customerId).length;
    expect(tokens().length).toBeGreaterThanOrEqual(2);
    const res = await call(s.sandbox, tokensPath('1000001'), { auth: PIZZA, method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(tokens()).toEqual([]);
    expect(s.sandbox.state.tokensOf(BAECKEREI.customerId).length).toBe(otherCustomerBefore);
    const empty = await call(s.sandbox, tokensPath('1000001'), { auth: PIZZA, method: 'DELETE' });
    expect(empty.status).toBe(200);
  });
});
