import { createServer, get as httpGet, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import {
  cacheControlValue,
  chooseCoding,
  etagOf,
  matchesIfNoneMatch,
  ServedDocument,
  writeDocument,
} from './http-caching';
import { documentHash } from './capability-document';

describe('HTTP caching of capability documents', () => {
  const hash = 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg';

  it('matches If-None-Match weakly, in lists and *', () => {
    expect(etagOf(hash)).toBe(`"${hash}"`);
    expect(matchesIfNoneMatch(`"${hash}"`, hash)).toBe(true);
    expect(matchesIfNoneMatch(`W/"${hash}"`, hash)).toBe(true);
    expect(matchesIfNoneMatch(`"other",  "${hash}"`, hash)).toBe(true);
    expect(matchesIfNoneMatch('*', hash)).toBe(true);
    expect(matchesIfNoneMatch(`"${hash.slice(1)}"`, hash)).toBe(false);
    expect(matchesIfNoneMatch(hash, hash)).toBe(false);
    expect(matchesIfNoneMatch(undefined, hash)).toBe(false);
  });

  it('negotiates br over gzip, honours q-values and refusals', () => {
    expect(chooseCoding(undefined)).toBe('identity');
    expect(chooseCoding('gzip, deflate, br')).toBe('br');
    expect(chooseCoding('gzip')).toBe('gzip');
    expect(chooseCoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseCoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(chooseCoding('deflate, identity')).toBe('identity');
  });

  it('renders Cache-Control from the configuration', () => {
    expect(cacheControlValue(60, 300)).toBe('private, max-age=60, stale-while-revalidate=300');
    expect(cacheControlValue(0, 0)).toBe('private, max-age=0');
  });

  describe('writeDocument over HTTP', () => {
    const big = Buffer.from(JSON.stringify({ items: 'x'.repeat(4000) }));
    const small = Buffer.from('{"a":1}');
    let server: Server;
    let url: string;
    const documents = {
      big: new ServedDocument(documentHash(big), big),
      small: new ServedDocument(documentHash(small), small),
    };
    beforeAll(async () => {
      server = createServer((req, res) =>
        writeDocument(
          req,
          res,
          req.url === '/small' ? documents.small : documents.big,
          'private, max-age=60',
        ),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{
        status: number;
        headers: Record<string, string | string[] | undefined>;
        body: Buffer;
      }>((resolve, reject) => {
        // node:http, not fetch: fetch would decompress and hide Content-Encoding's effect.
        const request = httpGet(`${url}${path}`, { headers }, (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        });
        request.on('error', reject);
      });

    it('answers 200 with a strong ETag, caching headers and the exact bytes', async () => {
      const response = await get('/');
      expect(response.status).toBe(200);
      expect(response.headers).toMatchObject({
        etag: `"${documents.big.hash}"`,
        'cache-control': 'private, max-age=60',
        vary: 'Authorization, Accept-Encoding',
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(big.length),
      });
      expect(response.body.equals(big)).toBe(true);
    });

    it('answers 304 without a body when the ETag matches', async () => {
      const response = await get('/', { 'If-None-Match': `"${documents.big.hash}"` });
      expect(response.status).toBe(304);
      expect(response.body.length).toBe(0);
      expect(response.headers.etag).toBe(`"${documents.big.hash}"`);
      expect(response.headers['cache-control']).toBe('private, max-age=60');
    });

    it('compresses large documents as asked, small ones never', async () => {
      const gzip = await get('/', { 'Accept-Encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gzip.headers.etag).toBe(`"${documents.big.hash}"`);
      expect(gunzipSync(gzip.body).equals(big)).toBe(true);
      expect(gzip.body.length).toBeLessThan(big.length / 10);
      const br = await get('/', { 'Accept-Encoding': 'gzip, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.body).equals(big)).toBe(true);
      const tiny = await get('/small', { 'Accept-Encoding': 'gzip' });
      expect(tiny.headers['content-encoding']).toBeUndefined();
      expect(tiny.body.equals(small)).toBe(true);
    });
  });
});
