import { connect } from 'node:net';
import { FranchisesRepository } from '@api/franchises/franchises.repository';
import { newFranchise, newTenant, type TestTenant } from './support/factories';
import { call, expectProblem } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

interface MalformedCase {
  name: string;
  path: string;
  init: RequestInit & { json?: unknown };
  status: number;
  type: string;
  pointer?: string;
}

describe('malformed requests get a 4xx problem+json, never a 500', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let franchisePath: string;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '4096', WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' });
    tenant = await newTenant(t.app);
    franchisePath = `/franchises/${(await newFranchise(t.app, tenant.tenantId)).id}`;
  });
  afterAll(() => t.close());

  const json = { 'content-type': 'application/json' };
  const cases: MalformedCase[] = [
    {
      name: 'truncated JSON',
      path: '/franchises',
      init: { method: 'POST', headers: json, body: '{"name":' },
      status: 400,
      type: 'malformed-json',
    },
    {
      name: 'JSON with a trailing comma',
      path: '/franchises',
      init: { method: 'POST', headers: json, body: '{"name":"a",}' },
      status: 400,
      type: 'malformed-json',
    },
    {
      name: 'a bare JSON string',
      path: '/franchises',
      init: { method: 'POST', headers: json, body: '"name"' },
      status: 400,
      type: 'malformed-json',
    },
    {
      name: 'a JSON array body',
      path: '/franchises',
      init: { method: 'POST', json: [{ name: 'a' }] },
      status: 400,
      type: 'validation-failed',
      pointer: '',
    },
    {
      name: 'JSON null',
      path: '/franchises',
      init: { method: 'POST', headers: json, body: 'null' },
      status: 400,
      type: 'malformed-json',
    },
    {
      name: 'no body at all',
      path: '/franchises',
      init: { method: 'POST' },
      status: 400,
      type: 'validation-failed',
      pointer: '',
    },
    {
      name: 'text/plain body',
      path: '/franchises',
      init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=a' },
      status: 415,
      type: 'unsupported-media-type',
    },
    {
      name: 'form-encoded body',
      path: '/franchises',
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=a',
      },
      status: 415,
      type: 'unsupported-media-type',
    },
    {
      name: 'a body without content type',
      path: '/franchises',
      init: { method: 'POST', body: new Uint8Array([123, 125]) },
      status: 415,
      type: 'unsupported-media-type',
    },
    {
      name: 'an oversized body',
      path: '/franchises',
      init: { method: 'POST', json: { name: 'x'.repeat(10_000) } },
      status: 413,
      type: 'payload-too-large',
    },
    {
      name: 'an unsupported charset',
      path: '/franchises',
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=klingon' },
        body: '{}',
      },
      status: 415,
      type: 'unsupported-media-type',
    },
    {
      name: 'a missing required field',
      path: '/franchises',
      init: { method: 'POST', json: {} },
      status: 400,
      type: 'validation-failed',
      pointer: '/name',
    },
    {
      name: 'a wrong type',
      path: '/franchises',
      init: { method: 'POST', json: { name: 42 } },
      status: 400,
      type: 'validation-failed',
      pointer: '/name',
    },
    {
      name: 'a blank name',
      path: '/franchises',
      init: { method: 'POST', json: { name: '   ' } },
      status: 400,
      type: 'validation-failed',
      pointer: '/name',
    },
    {
      name: 'a too long name',
      path: '/franchises',
      init: { method: 'POST', json: { name: 'n'.repeat(121) } },
      status: 400,
      type: 'validation-failed',
      pointer: '/name',
    },
    {
      name: 'an unknown property',
      path: '/franchises',
      init: { method: 'POST', json: { name: 'a', tenantId: 'x' } },
      status: 400,
      type: 'validation-failed',
      pointer: '/tenantId',
    },
    {
      name: 'a __proto__ key',
      path: '/franchises',
      init: { method: 'POST', headers: json, body: '{"name":"a","__proto__":{"admin":true}}' },
      status: 400,
      type: 'validation-failed',
    },
    {
      name: 'a NUL character in a string (PostgreSQL text cannot hold it)',
      path: '/franchises',
      init: { method: 'POST', headers: json, body: '{"name":"a\\u0000b"}' },
      status: 400,
      type: 'validation-failed',
    },
    {
      name: 'a lone surrogate in an email (validator.js threw a URIError)',
      path: '/franchises',
      init: { method: 'POST', headers: json, body: '{"name":"a","contactEmail":"\\ud800"}' },
      status: 400,
      type: 'validation-failed',
    },
    {
      name: 'a lone low surrogate in a name',
      path: '/franchises',
      init: { method: 'POST', headers: json, body: '{"name":"x\\udfffy"}' },
      status: 400,
      type: 'validation-failed',
    },
    {
      name: 'a NUL character in a key',
      path: '/franchises',
      init: { method: 'POST', headers: json, body: '{"name":"a","x\\u0000":1}' },
      status: 400,
      type: 'validation-failed',
    },
    {
      name: 'a NUL character in a query parameter',
      path: '/franchises?search=a%00b',
      init: {},
      status: 400,
      type: 'validation-failed',
      pointer: '/query/search',
    },
    {
      name: 'an invalid email',
      path: '/franchises',
      init: { method: 'POST', json: { name: 'a', contactEmail: 'not-mail' } },
      status: 400,
      type: 'validation-failed',
      pointer: '/contactEmail',
    },
    {
      name: 'an external ref with spaces',
      path: '/franchises',
      init: { method: 'POST', json: { name: 'a', externalRef: 'a b' } },
      status: 400,
      type: 'validation-failed',
      pointer: '/externalRef',
    },
    {
      name: 'a nested object for a string',
      path: '/franchises',
      init: { method: 'POST', json: { name: { $ne: null } } },
      status: 400,
      type: 'validation-failed',
      pointer: '/name',
    },
    {
      name: 'a non-UUID id',
      path: '/franchises/42',
      init: {},
      status: 400,
      type: 'validation-failed',
      pointer: '/path/franchiseId',
    },
    {
      name: 'a path traversal id',
      path: '/franchises/..%2F..%2Fetc%2Fpasswd',
      init: {},
      status: 400,
      type: 'validation-failed',
      pointer: '/path/franchiseId',
    },
    {
      name: 'an SQL injection id',
      path: "/franchises/1'%20OR%20'1'='1",
      init: {},
      status: 400,
      type: 'validation-failed',
      pointer: '/path/franchiseId',
    },
    {
      name: 'a limit of zero',
      path: '/franchises?limit=0',
      init: {},
      status: 400,
      type: 'validation-failed',
      pointer: '/query/limit',
    },
    {
      name: 'a non-numeric limit',
      path: '/franchises?limit=ten',
      init: {},
      status: 400,
      type: 'validation-failed',
      pointer: '/query/limit',
    },
    {
      name: 'a repeated limit',
      path: '/franchises?limit=1&limit=2',
      init: {},
      status: 400,
      type: 'validation-failed',
      pointer: '/query/limit',
    },
    {
      name: 'an unknown query parameter',
      path: '/franchises?sort=name',
      init: {},
      status: 400,
      type: 'validation-failed',
      pointer: '/query/sort',
    },
    {
      name: 'a forged cursor',
      path: '/franchises?cursor=eyJoYWNrIjp0cnVlfQ',
      init: {},
      status: 400,
      type: 'invalid-cursor',
      pointer: '/query/cursor',
    },
    {
      name: 'an unknown route',
      path: '/franchise',
      init: {},
      status: 404,
      type: 'route-not-found',
    },
    {
      name: 'an unsupported method',
      path: '/franchises',
      init: { method: 'PUT', json: { name: 'a' } },
      status: 404,
      type: 'route-not-found',
    },
    {
      name: 'a PATCH with a wrong type',
      path: 'FRANCHISE',
      init: { method: 'PATCH', json: { name: ['a'] } },
      status: 400,
      type: 'validation-failed',
      pointer: '/name',
    },
    {
      name: 'a PATCH with a null name',
      path: 'FRANCHISE',
      init: { method: 'PATCH', json: { name: null } },
      status: 400,
      type: 'validation-failed',
      pointer: '/name',
    },
  ];

  it.each(cases)('$name → $status $type', async ({ path, init, status, type, pointer }) => {
    const response = await call(t.baseUrl, path === 'FRANCHISE' ? franchisePath : path, {
      ...init,
      key: tenant.operatorKey,
    });
    const problem = expectProblem(response, status, type);
    if (pointer !== undefined) expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
  });

  it("answers what Node's HTTP parser refuses with a problem+json too (431 for 20 kB of URL, 400 for bad syntax)", async () => {
    const long = await call(t.baseUrl, `/franchises?search=${'a'.repeat(20_000)}`, {
      key: tenant.operatorKey,
    });
    expectProblem(long, 431, 'headers-too-large');

    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(t.baseUrl).port), '127.0.0.1', () =>
        socket.end('GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
      type: '/problems/bad-request',
      status: 400,
      requestId: expect.any(String),
    });
  });

  it('answers a CSV import with a NUL character with a 400, before anything is stored', async () => {
    const response = await call(t.baseUrl, `${franchisePath}/merchant-accounts/import`, {
      method: 'POST',
      key: tenant.operatorKey,
      headers: { 'content-type': 'text/csv' },
      body: 'customerId,environment,label,username,password\n123456,test,a\u0000b,API_1,pw\n',
    });
    expectProblem(response, 400, 'validation-failed');
  });

  it('answers an object that cannot become a primitive (toString/valueOf keys) with a 400, not a 500', async () => {
    const endpoint = await call<{ endpoint: { id: string } }>(t.baseUrl, '/webhook-endpoints', {
      method: 'POST',
      key: tenant.operatorKey,
      json: { url: 'http://127.0.0.1:9/hook' },
    });
    expect(endpoint.status).toBe(201);
    for (const since of [{ toString: 'x' }, { valueOf: 1 }]) {
      const response = await call(
        t.baseUrl,
        `/webhook-endpoints/${endpoint.body.endpoint.id}/replay`,
        {
          method: 'POST',
          key: tenant.operatorKey,
          json: { since },
        },
      );
      expectProblem(response, 400, 'validation-failed');
    }
  });

  it('keeps the server healthy afterwards', async () => {
    expect((await call(t.baseUrl, '/health/ready')).status).toBe(200);
  });

  it('answers an unexpected failure with a 500 that reveals nothing but a request id', async () => {
    const spy = jest
      .spyOn(t.app.get(FranchisesRepository), 'findById')
      .mockRejectedValueOnce(new Error('connection to 10.1.2.3 refused; password=hunter2'));
    try {
      const response = await call(t.baseUrl, franchisePath, {
        key: tenant.operatorKey,
        headers: { 'x-request-id': 'trace-me-123' },
      });
      const problem = expectProblem(response, 500, 'internal-error');
      expect(problem.requestId).toBe('trace-me-123');
      expect(problem.detail).toContain('trace-me-123');
      expect(response.text).not.toMatch(/hunter2|10\.1\.2\.3|Error|at /);
    } finally {
      spy.mockRestore();
    }
  });
});
