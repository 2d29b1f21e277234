import { referenceReads } from './fixtures.test-helper';
import { canonicalJson, contentHash, shouldStoreNewVersion, snapshotContent } from './hash';
import { normalize } from './normalize';

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves out undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], e: undefined })).toBe(
      '{"a":[{"c":"x","d":null}],"b":1}',
    );
  });
});

describe('contentHash', () => {
  const snapshot = normalize(referenceReads());

  it('is a SHA-256 hex digest', () => {
    expect(contentHash(snapshot)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores readAt, the license source and anomalies', () => {
    const other = normalize({
      ...referenceReads(),
      readAt: '2030-01-01T00:00:00.000Z',
      license: { ...referenceReads().license, source: 'license-configuration' },
    });
    expect(contentHash(other)).toBe(contentHash(snapshot));
    const withAnomaly = { ...snapshot, anomalies: [{ code: 'blank_code' as const, message: 'x' }] };
    expect(contentHash(withAnomaly)).toBe(contentHash(snapshot));
    expect(snapshotContent(withAnomaly)).not.toHaveProperty('anomalies');
  });

  it('changes with the content', () => {
    const raw = referenceReads();
    const changed = normalize({ ...raw, paymentPageConfigs: raw.paymentPageConfigs?.slice(1) });
    expect(contentHash(changed)).not.toBe(contentHash(snapshot));
  });
});

describe('shouldStoreNewVersion', () => {
  const snapshot = normalize(referenceReads());

  it('stores the first snapshot and every content change, nothing else', () => {
    expect(shouldStoreNewVersion(null, snapshot)).toBe(true);
    expect(shouldStoreNewVersion(undefined, snapshot)).toBe(true);
    expect(shouldStoreNewVersion(contentHash(snapshot), snapshot)).toBe(false);
    expect(shouldStoreNewVersion('0'.repeat(64), snapshot)).toBe(true);
  });
});
