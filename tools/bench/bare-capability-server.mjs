#!/usr/bin/env node
// The baseline of tools/bench/shop-capabilities.mjs: a bare Node `http` server doing what the
// API's hot path does, and nothing else. Per request: SHA-256 of the bearer token, one Map
// lookup by that hash, If-None-Match → 304, else the stored bytes with the same headers the
// API sends (ETag, Cache-Control, Vary, Content-Type, Content-Length, X-Request-Id).
//
//   node tools/bench/bare-capability-server.mjs <spec.json>
//
// spec.json: { tokenHash, etag, cacheControl, bodyBase64 }. Listens on 127.0.0.1, port 0, and
// prints `bare capability server http://127.0.0.1:PORT`. Stops on SIGTERM.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const documents = new Map([
  [spec.tokenHash, { etag: spec.etag, body: Buffer.from(spec.bodyBase64, 'base64') }],
]);

const server = createServer((req, res) => {
  const authorization = req.headers.authorization ?? '';
  const hash = createHash('sha256').update(authorization.slice(7), 'utf8').digest('hex');
  const document = authorization.startsWith('Bearer ') ? documents.get(hash) : undefined;
  if (!document) {
    res.writeHead(401).end();
    return;
  }
  const headers = {
    'X-Request-Id': randomUUID(),
    ETag: document.etag,
    'Cache-Control': spec.cacheControl,
    Vary: 'Authorization, Accept-Encoding',
  };
  if (req.headers['if-none-match'] === document.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res
    .writeHead(200, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': document.body.length,
    })
    .end(document.body);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare capability server http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
