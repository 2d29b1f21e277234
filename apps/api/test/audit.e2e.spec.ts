import type { Schemas } from '@platform/api-types';
import { newTenant, type TestTenant } from './support/factories';
import { call, expectProblem } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

type Page = Schemas['AuditEntryPageDto'];

/** Who did what to which resource: every authenticated write, its outcome, never a secret. */
describe('audit log', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await newTenant(t.app);
    other = await newTenant(t.app);
  });
  afterAll(() => t.close());

  async function entries(key: string, query = ''): Promise<Schemas['AuditEntryDto'][]> {
    // The entry is written once the response has finished: give it a moment.
    for (let i = 0; i < 50; i += 1) {
      const page = await call<Page>(t.baseUrl, `/audit-log?limit=200${query}`, { key });
      if (page.body.items.length) return page.body.items;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return [];
  }

  it('records writes with principal, operation, resource and status, and no secret', async () => {
    const created = await call<Schemas['FranchiseDto']>(t.baseUrl, '/franchises', {
      method: 'POST',
      key: tenant.operatorKey,
      json: { name: 'Audited AG' },
    });
    const franchiseId = created.body.id;
    await call(t.baseUrl, `/franchises/${franchiseId}`, {
      method: 'PATCH',
      key: tenant.operatorKey,
      json: { contactEmail: 'ops@audited.example' },
    });
    // A failed write is recorded with its status too.
    expectProblem(
      await call(t.baseUrl, `/franchises/${franchiseId}/merchant-accounts`, {
        method: 'POST',
        key: tenant.operatorKey,
        json: {
          customerId: 'x',
          environment: 'test',
          label: 'L',
          username: 'u',
          password: 'TOP-SECRET-PW',
        },
      }),
      400,
    );
    await call(t.baseUrl, `/franchises?limit=5`, { key: tenant.operatorKey });

    let list: Schemas['AuditEntryDto'][] = [];
    for (let i = 0; i < 50 && list.length < 3; i += 1) {
      list = await entries(tenant.operatorKey);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(list.map((e) => [e.action, e.status])).toEqual([
      ['registerMerchantAccount', 400],
      ['updateFranchise', 200],
      ['createFranchise', 201],
    ]);
    const patch = list[1];
    expect(patch).toMatchObject({
      principalKind: 'operator',
      method: 'PATCH',
      route: '/franchises/:franchiseId',
      resourceId: franchiseId,
      params: { franchiseId },
    });
    expect(patch.requestId).toBeTruthy();
    expect(JSON.stringify(list)).not.toContain('TOP-SECRET-PW');
    expect(JSON.stringify(list)).not.toContain(tenant.operatorKey);

    const byResource = await entries(
      tenant.operatorKey,
      `&resourceId=${franchiseId}&action=updateFranchise`,
    );
    expect(byResource).toHaveLength(1);
  });

  it('shows a tenant only its own entries', async () => {
    expect(await call<Page>(t.baseUrl, '/audit-log', { key: other.operatorKey })).toMatchObject({
      status: 200,
      body: { items: [] },
    });
    expectProblem(
      await call(t.baseUrl, '/audit-log?action=drop%20table', { key: tenant.operatorKey }),
      400,
    );
  });
});
