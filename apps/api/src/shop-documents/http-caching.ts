import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

export type ContentCoding = 'br' | 'gzip' | 'identity';

/** Smaller bodies are sent as they are: compression would save less than its headers cost. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * A document as served: its bytes and, made on first demand and kept beside them, its
 * compressed variants.
 */
export class ServedDocument {
  private readonly variants = new Map<ContentCoding, Buffer>();
  /** The strong ETag, made once: the hot path compares and sends this string. */
  readonly etag: string;

  constructor(
    readonly hash: string,
    readonly bytes: Buffer,
  ) {
    this.variants.set('identity', bytes);
    this.etag = etagOf(hash);
  }

  variant(coding: ContentCoding): Buffer {
    let body = this.variants.get(coding);
    if (!body) {
      body =
        coding === 'br'
          ? brotliCompressSync(this.bytes, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: 9,
                [zlib.BROTLI_PARAM_SIZE_HINT]: this.bytes.length,
              },
            })
          : gzipSync(this.bytes, { level: 9 });
      this.variants.set(coding, body);
    }
    return body;
  }
}

/**
 * The strong ETag: the hash of the document's JSON bytes, whatever the coding it is sent
 * in. It names the document, so a client keeps one validator however it negotiates; no
 * ranges are served, which is where RFC 9110 needs codings told apart.
 */
export function etagOf(hash: string): string {
  return `"${hash}"`;
}

/** RFC 9110 If-None-Match (weak comparison): `*`, or any listed tag naming the document. */
export function matchesIfNoneMatch(header: string | undefined, hash: string): boolean {
  if (!header) return false;
  if (header.length === hash.length + 2 && header === `"${hash}"`) return true;
  for (const raw of header.split(',')) {
    const tag = raw.trim();
    if (tag === '*') return true;
    if (tag.replace(/^W\//, '') === `"${hash}"`) return true;
  }
  return false;
}

/** The client's preferred of br and gzip (q > 0), else identity. */
export function chooseCoding(acceptEncoding: string | undefined): ContentCoding {
  if (!acceptEncoding) return 'identity';
  let best: ContentCoding = 'identity';
  let bestQ = 0;
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'br' && name !== 'gzip' && name !== 'x-gzip') continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    const quality = q === undefined ? 1 : Number(q);
    const coding: ContentCoding = name === 'br' ? 'br' : 'gzip';
    // Equal preference: br (smaller) wins.
    if (quality > bestQ || (quality === bestQ && quality > 0 && coding === 'br')) {
      best = coding;
      bestQ = quality;
    }
  }
  return bestQ > 0 ? best : 'identity';
}

export function cacheControlValue(maxAgeSeconds: number, swrSeconds: number): string {
  return `private, max-age=${maxAgeSeconds}${swrSeconds > 0 ? `, stale-while-revalidate=${swrSeconds}` : ''}`;
}

const VARY = 'Authorization, Accept-Encoding';

/**
 * Answers with the document: 304 without a body when If-None-Match matches, else 200 in
 * the negotiated coding. Only Node's own response API is used, so the Nest controller and
 * the in-memory fast lane send byte-identical answers. `requestId`, when given, is sent as
 * X-Request-Id in the same writeHead (Node's fast path: no header was set before).
 */
export function writeDocument(
  req: IncomingMessage,
  res: ServerResponse,
  document: ServedDocument,
  cacheControl: string,
  requestId?: string,
): void {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && matchesIfNoneMatch(ifNoneMatch, document.hash)) {
    res.writeHead(
      304,
      requestId === undefined
        ? { ETag: document.etag, 'Cache-Control': cacheControl, Vary: VARY }
        : {
            'X-Request-Id': requestId,
            ETag: document.etag,
            'Cache-Control': cacheControl,
            Vary: VARY,
          },
    );
    res.end();
    return;
  }
  const coding =
    document.bytes.length > COMPRESSION_THRESHOLD_BYTES
      ? chooseCoding(req.headers['accept-encoding'])
      : 'identity';
  const body = document.variant(coding);
  const headers: OutgoingHttpHeaders = {
    ETag: document.etag,
    'Cache-Control': cacheControl,
    Vary: VARY,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
  };
  if (requestId !== undefined) headers['X-Request-Id'] = requestId;
  if (coding !== 'identity') headers['Content-Encoding'] = coding;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
