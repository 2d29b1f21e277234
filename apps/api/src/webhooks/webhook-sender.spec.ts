import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendWebhook } from './webhook-sender';

describe('sendWebhook', () => {
  let server: Server;
  let port: number;
  let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void;
  const seen: { host?: string; body: string; headers: IncomingMessage['headers'] }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ host: req.headers.host, body, headers: req.headers });
        handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (seen.length = 0));

  const send = (path = '/hook', timeoutMs = 2000) =>
    sendWebhook({
      // A name DNS cannot resolve: only the pinned address can make this reach the server.
      url: new URL(`http://receiver.invalid:${port}${path}`),
      address: '127.0.0.1',
      family: 4,
      headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1' },
      body: '{"hello":"wörld"}',
      timeoutMs,
    });

  it('connects to the checked address, keeping the host name in the Host header', async () => {
    handler = (_req, res) => res.writeHead(204).end();
    const response = await send('/hook?x=1');
    expect(response).toMatchObject({ statusCode: 204, error: null, responseExcerpt: '' });
    expect(seen[0]).toMatchObject({ host: `receiver.invalid:${port}`, body: '{"hello":"wörld"}' });
    expect(seen[0].headers['content-length']).toBe(String(Buffer.byteLength('{"hello":"wörld"}')));
  });

  it('does not follow redirects', async () => {
    handler = (_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${port}/x` }).end('moved');
    const response = await send();
    expect(response).toMatchObject({ statusCode: 302, responseExcerpt: 'moved' });
    expect(seen).toHaveLength(1);
  });

  it('keeps at most 1 KiB of the answer, never a broken character', async () => {
    handler = (_req, res) => res.writeHead(500).end(`a${'é'.repeat(2000)}`);
    const response = await send();
    expect(response.statusCode).toBe(500);
    expect(Buffer.byteLength(response.responseExcerpt!)).toBeLessThanOrEqual(1024);
    expect(response.responseExcerpt).toMatch(/^aé+$/);
  });

  it('times out a receiver that does not answer', async () => {
    handler = () => undefined;
    const response = await send('/slow', 200);
    expect(response).toMatchObject({ statusCode: null, error: 'timed out after 200 ms' });
    expect(response.durationMs).toBeGreaterThanOrEqual(190);
  });

  it('reports a refused connection', async () => {
    const response = await sendWebhook({
      url: new URL('http://receiver.invalid:1/'),
      address: '127.0.0.1',
      family: 4,
      headers: {},
      body: '{}',
      timeoutMs: 2000,
    });
    expect(response).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});
