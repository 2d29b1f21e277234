import type { FranchisePageDto } from '@api/franchises/dto/franchise.dto';
import { newTenant, type TestTenant } from './support/factories';
import { call } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

describe('concurrent requests', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await newTenant(t.app);
  });
  afterAll(() => t.close());

  it('serves 50 parallel requests (writes, reads, key issues, health checks) without an error', async () => {
    const requests = Array.from({ length: 50 }, (_, i) => {
      switch (i % 5) {
        case 0:
        case 1:
          return call(t.baseUrl, '/franchises', {
            method: 'POST',
            key: tenant.operatorKey,
            json: { name: `Parallel ${i}` },
          });
        case 2:
          return call(t.baseUrl, '/franchises?limit=5', { key: tenant.operatorKey });
        case 3:
          return call(t.baseUrl, '/operator-keys', {
            method: 'POST',
            key: tenant.operatorKey,
            json: { name: `k${i}` },
          });
        default:
          return call(t.baseUrl, '/health/ready');
      }
    });
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.status).filter((s) => s >= 300)).toEqual([]);

    const all = await call<FranchisePageDto>(t.baseUrl, '/franchises?limit=200', {
      key: tenant.operatorKey,
    });
    expect(all.body.items.filter((f) => f.name.startsWith('Parallel '))).toHaveLength(20);
  });
});
