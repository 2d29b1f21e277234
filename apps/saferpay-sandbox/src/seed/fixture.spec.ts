import { join } from 'node:path';
import { FixtureError, readFixtureFile, seedFromFixture } from './fixture';

const now = new Date('2025-09-10T10:00:00Z');
const minimal = {
  customerId: '123456',
  username: 'API_123456_10592483',
  password: 'pw',
  license: { package: 'SAFERPAY_FLEX' },
};

describe('fixtures', () => {
  it('loads the shipped demo fixture', () => {
    const seed = seedFromFixture(
      readFixtureFile(join(__dirname, '..', '..', 'fixtures', 'demo.json')),
      { now },
    );
    expect(seed.accounts.map((a) => a.customerId)).toEqual(['123456', '234567', '345678']);
    expect(seed.transactions.length).toBeGreaterThan(3000);
  });

  it('fills defaults: display names, logos, casing, shape, given password', () => {
    const [account] = seedFromFixture(
      {
        accounts: [
          {
            ...minimal,
            terminals: [
              {
                terminalId: '17000001',
                paymentMethods: [{ paymentMethod: 'VISA', currencies: ['CHF'] }],
                wallets: ['APPLEPAY'],
              },
            ],
          },
        ],
      },
      { now },
    ).accounts;
    expect(account).toMatchObject({
      givenPassword: 'pw',
      licenseEndpoint: 'available',
      paymentPageConfigCasing: 'PascalCase',
      transactionAmountShape: 'object',
      license: { package: { id: 'SAFERPAY_FLEX', displayName: 'Saferpay Flex' }, features: [] },
    });
    expect(account?.terminals[0]).toMatchObject({
      type: 'ECOM',
      paymentMethods: [
        { logoUrl: 'https://www.saferpay.com/static/logo/visa.svg?v=637381079349290910' },
      ],
      wallets: [{ walletName: 'APPLEPAY' }],
    });
  });

  it.each([
    [{ accounts: [{ ...minimal, customerId: '12345' }] }, '$.accounts[0].customerId'],
    [
      { accounts: [{ ...minimal, terminals: [{ terminalId: '1', type: 'POS' }] }] },
      '$.accounts[0].terminals[0].type',
    ],
    [{ accounts: [minimal, minimal] }, 'duplicate 123456'],
    [{ accounts: [{ ...minimal, licenseEndpoint: 'gone' }] }, '$.accounts[0].licenseEndpoint'],
    [{}, '$.accounts'],
  ])('names the JSON path of errors', (document, message) => {
    expect(() => seedFromFixture(document, { now })).toThrow(FixtureError);
    expect(() => seedFromFixture(document, { now })).toThrow(message);
  });
});
