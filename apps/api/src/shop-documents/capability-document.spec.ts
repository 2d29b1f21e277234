import { createHash } from 'node:crypto';
import { normalize, type RawAccountReads } from '@platform/capabilities';
import {
  buildCapabilityDocument,
  serializeDocument,
  type CapabilityDocumentInputs,
} from './capability-document';

const reads: RawAccountReads = {
  license: { source: 'license', package: { id: 'SAFERPAY_BUSINESS' }, features: [] },
  terminals: [
    {
      terminalId: '17750001',
      type: 'ECOM',
      description: 'Webshop',
      paymentMethods: [
        { paymentMethod: 'visa', currencies: ['EUR', 'CHF'], logoUrl: 'https://x.test/visa.svg' },
        { paymentMethod: 'TWINT', currencies: ['CHF'] },
      ],
      wallets: [{ walletName: 'APPLEPAY', logoUrl: 'https://x.test/apple.svg' }],
    },
    {
      terminalId: '17750002',
      type: 'SPG',
      description: 'Links',
      paymentMethods: [{ paymentMethod: 'PAYPAL', currencies: ['EUR'] }],
    },
  ],
  paymentPageConfigs: [
    { name: 'default', isDefault: true, description: 'Default' },
    { name: 'B2B', isDefault: false },
  ],
  readAt: '2026-01-02T03:04:05.000Z',
};

function inputs(overrides: Partial<CapabilityDocumentInputs> = {}): CapabilityDocumentInputs {
  return {
    shop: { id: 'shop-1', name: 'Pizza Nord Online', terminalId: '17750001' },
    account: {
      id: 'acc-1',
      customerId: '401860',
      environment: 'test',
      state: 'non_compliant',
      compliance: {
        // jsonb hands keys back in its own order: the document must not depend on it.
        gaps: [{ message: 'No KLARNA', code: 'KLARNA', kind: 'payment_method', currency: 'EUR' }],
        compliant: false,
        policyVersion: 3,
        snapshotVersion: 2,
        evaluatedAt: '2026-01-02T03:04:06.000Z',
      },
    },
    snapshot: { version: 2, readAt: new Date(reads.readAt), content: normalize(reads) },
    fieldsToken: { value: 'fields-secret', terminalId: '17750001' },
    ...overrides,
  };
}

describe('capability document', () => {
  it("holds the shop's ECOM terminal with its methods, wallets, configs, token and compliance", () => {
    expect(buildCapabilityDocument(inputs())).toEqual({
      schemaVersion: 1,
      shopId: 'shop-1',
      name: 'Pizza Nord Online',
      account: { id: 'acc-1', customerId: '401860', environment: 'test', state: 'non_compliant' },
      terminal: { terminalId: '17750001', type: 'ECOM', description: 'Webshop' },
      paymentMethods: [
        { code: 'TWINT', currencies: ['CHF'], logoUrl: null },
        { code: 'VISA', currencies: ['CHF', 'EUR'], logoUrl: 'https://x.test/visa.svg' },
      ],
      wallets: [{ code: 'APPLEPAY', logoUrl: 'https://x.test/apple.svg' }],
      paymentPageConfigs: [
        { name: 'B2B', isDefault: false },
        { name: 'default', isDefault: true },
      ],
      fieldsAccessToken: { value: 'fields-secret', customerId: '401860', terminalId: '17750001' },
      snapshot: { version: 2, readAt: '2026-01-02T03:04:05.000Z' },
      compliance: {
        compliant: false,
        gaps: [{ kind: 'payment_method', code: 'KLARNA', currency: 'EUR', message: 'No KLARNA' }],
      },
    });
  });

  it('gives equal bytes and hash for equal inputs, whatever the key order of stored JSON', () => {
    const a = serializeDocument(buildCapabilityDocument(inputs()));
    const reordered = inputs();
    reordered.account.compliance!.gaps = [
      { kind: 'payment_method', code: 'KLARNA', message: 'No KLARNA', currency: 'EUR' },
    ];
    const b = serializeDocument(buildCapabilityDocument(reordered));
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(b.hash).toBe(a.hash);
    expect(a.hash).toBe(createHash('sha256').update(a.bytes).digest('base64url'));
    expect(a.hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.bytes.toString('utf8')).not.toMatch(/generatedAt|evaluatedAt|policyVersion/);
  });

  it('changes the hash when a method, the token or the name changes', () => {
    const base = serializeDocument(buildCapabilityDocument(inputs())).hash;
    const fewer = normalize({
      ...reads,
      terminals: [{ ...reads.terminals![0], paymentMethods: [] }],
    });
    const variants = [
      inputs({ snapshot: { version: 3, readAt: new Date(reads.readAt), content: fewer } }),
      inputs({ fieldsToken: { value: 'rotated', terminalId: '17750001' } }),
      inputs({ fieldsToken: null }),
      inputs({ shop: { id: 'shop-1', name: 'Renamed', terminalId: '17750001' } }),
    ];
    const hashes = variants.map((v) => serializeDocument(buildCapabilityDocument(v)).hash);
    expect(new Set([base, ...hashes]).size).toBe(5);
  });

  it('keeps the terminal id with null details when the terminal left the snapshot', () => {
    const document = buildCapabilityDocument(
      inputs({ shop: { id: 'shop-1', name: 'Gone', terminalId: '99999999' }, fieldsToken: null }),
    );
    expect(document.terminal).toEqual({ terminalId: '99999999', type: null, description: null });
    expect(document.paymentMethods).toEqual([]);
    expect(document.wallets).toEqual([]);
    expect(document.fieldsAccessToken).toBeNull();
  });

  it('has null snapshot and compliance before the account was read', () => {
    const document = buildCapabilityDocument(
      inputs({
        snapshot: null,
        account: { ...inputs().account, compliance: null, state: 'pending' },
      }),
    );
    expect(document).toMatchObject({
      snapshot: null,
      compliance: null,
      paymentPageConfigs: [],
      terminal: { type: null },
    });
  });
});
