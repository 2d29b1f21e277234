import type { Schemas } from '@platform/api-types';
import { newFranchise, newTenant, type TestTenant } from './support/factories';
import { call, expectProblem } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

describe('franchises', () => {
  let t: TestApp;
  let alice: TestTenant;
  let bob: TestTenant;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await newTenant(t.app, 'Alice Integrations');
    bob = await newTenant(t.app, 'Bob Payments');
  });
  afterAll(() => t.close());

  it('creates, reads, updates and deletes a franchise', async () => {
    const created = await call<Schemas['FranchiseDto']>(t.baseUrl, '/franchises', {
      method: 'POST',
      key: alice.operatorKey,
      json: { name: '  Pizza Nord AG ', externalRef: 'FR-1', contactEmail: 'ops@pizza.example' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Pizza Nord AG',
      externalRef: 'FR-1',
      contactEmail: 'ops@pizza.example',
    });

    const id = created.body.id;
    const fetched = await call<Schemas['FranchiseDto']>(t.baseUrl, `/franchises/${id}`, {
      key: alice.operatorKey,
    });
    expect(fetched.body).toEqual(created.body);

    const updated = await call<Schemas['FranchiseDto']>(t.baseUrl, `/franchises/${id}`, {
      method: 'PATCH',
      key: alice.operatorKey,
      json: { name: 'Pizza Nord Holding AG', contactEmail: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: 'Pizza Nord Holding AG',
      externalRef: 'FR-1',
      contactEmail: null,
    });

    expect(
      (await call(t.baseUrl, `/franchises/${id}`, { method: 'DELETE', key: alice.operatorKey }))
        .status,
    ).toBe(204);
    expectProblem(
      await call(t.baseUrl, `/franchises/${id}`, { key: alice.operatorKey }),
      404,
      'not-found',
    );
  });

  it('refuses to delete a franchise that still has a merchant account with a 409, not a 500', async () => {
    const franchise = await newFranchise(t.app, alice.tenantId);
    const registered = await call(t.baseUrl, `/franchises/${franchise.id}/merchant-accounts`, {
      method: 'POST',
      key: alice.operatorKey,
      json: {
        customerId: '123456',
        environment: 'test',
        label: 'Kept',
        username: 'API_123456_10592483',
        password: 'secret-pw',
      },
    });
    expect(registered.status).toBe(202);

    const refused = await call(t.baseUrl, `/franchises/${franchise.id}`, {
      method: 'DELETE',
      key: alice.operatorKey,
    });
    expect(expectProblem(refused, 409, 'conflict').detail).toMatch(/merchant accounts or shops/);
    expect(
      (await call(t.baseUrl, `/franchises/${franchise.id}`, { key: alice.operatorKey })).status,
    ).toBe(200);
  });

  it('pages through a list with cursors, without gaps or repeats', async () => {
    const carol = await newTenant(t.app);
    const names = Array.from({ length: 7 }, (_, i) => `Page Franchise ${i}`);
    for (const name of names) await newFranchise(t.app, carol.tenantId, { name });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const page = await call<Schemas['FranchisePageDto']>(t.baseUrl, `/franchises${query}`, {
        key: carol.operatorKey,
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((f) => f.name));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    // Every franchise exactly once (rows created in the same millisecond are ordered by id).
    expect([...seen].sort()).toEqual([...names].sort());

    const search = await call<Schemas['FranchisePageDto']>(
      t.baseUrl,
      '/franchises?search=chise%205',
      { key: carol.operatorKey },
    );
    expect(search.body.items.map((f) => f.name)).toEqual(['Page Franchise 5']);
  });

  it('answers a duplicate name or external ref with a 409 pointing at the field', async () => {
    await newFranchise(t.app, alice.tenantId, { name: 'Unique Name', externalRef: 'REF-9' });
    const sameName = await call(t.baseUrl, '/franchises', {
      method: 'POST',
      key: alice.operatorKey,
      json: { name: 'Unique Name' },
    });
    expect(expectProblem(sameName, 409, 'conflict').errors).toEqual([
      { pointer: '/name', detail: expect.any(String) },
    ]);
    const sameRef = await call(t.baseUrl, '/franchises', {
      method: 'POST',
      key: alice.operatorKey,
      json: { name: 'Other', externalRef: 'REF-9' },
    });
    expect(expectProblem(sameRef, 409, 'conflict').errors?.[0].pointer).toBe('/externalRef');

    // Uniqueness is per tenant: Bob may use the same name.
    const bobs = await call(t.baseUrl, '/franchises', {
      method: 'POST',
      key: bob.operatorKey,
      json: { name: 'Unique Name' },
    });
    expect(bobs.status).toBe(201);
  });

  it("hides another tenant's franchise behind a 404 for every operation", async () => {
    const alices = await newFranchise(t.app, alice.tenantId, { name: 'Alice Only' });
    const path = `/franchises/${alices.id}`;
    expectProblem(await call(t.baseUrl, path, { key: bob.operatorKey }), 404, 'not-found');
    expectProblem(
      await call(t.baseUrl, path, {
        method: 'PATCH',
        key: bob.operatorKey,
        json: { name: 'Stolen' },
      }),
      404,
      'not-found',
    );
    expectProblem(
      await call(t.baseUrl, path, { method: 'DELETE', key: bob.operatorKey }),
      404,
      'not-found',
    );

    const bobsList = await call<Schemas['FranchisePageDto']>(t.baseUrl, '/franchises?limit=200', {
      key: bob.operatorKey,
    });
    expect(bobsList.body.items.map((f) => f.id)).not.toContain(alices.id);
    const stillThere = await call<Schemas['FranchiseDto']>(t.baseUrl, path, {
      key: alice.operatorKey,
    });
    expect(stillThere.body.name).toBe('Alice Only');
  });
});
