import { MAX_SOURCE_URLS, normalizeSourceUrls } from './source-urls';

describe('normalizeSourceUrls', () => {
  it('lower-cases the host, adds a trailing slash to an empty path, removes duplicates', () => {
    const result = normalizeSourceUrls([
      'https://Shop.Example.COM',
      'https://shop.example.com/',
      'https://shop.example.com/checkout',
    ]);
    expect(result.errors).toEqual([]);
    expect(result.urls).toEqual(['https://shop.example.com/', 'https://shop.example.com/checkout']);
    expect(result.notices.join(' ')).toMatch(/trailing slash/);
    expect(result.notices.join(' ')).toMatch(/duplicate/);
  });

  it('rejects http, user info, fragments and relative URLs with pointers', () => {
    const result = normalizeSourceUrls([
      'http://shop.example.com/',
      'https://user:pw@shop.example.com/',
      'https://shop.example.com/#pay',
      '/checkout',
    ]);
    expect(result.errors.map((e) => e.pointer)).toEqual([
      '/sourceUrls/0',
      '/sourceUrls/1',
      '/sourceUrls/2',
      '/sourceUrls/3',
    ]);
    expect(result.errors[0].detail).toMatch(/https/);
  });

  it('rejects an empty list and too many URLs', () => {
    expect(normalizeSourceUrls([]).errors).toHaveLength(1);
    const many = Array.from(
      { length: MAX_SOURCE_URLS + 1 },
      (_, i) => `https://s${i}.example.com/`,
    );
    expect(normalizeSourceUrls(many).errors[0]).toMatchObject({ pointer: '/sourceUrls' });
  });
});
