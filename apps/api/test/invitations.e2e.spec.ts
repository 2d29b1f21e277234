import { DataSource } from 'typeorm';
import type { Schemas } from '@platform/api-types';
import { newFranchise, newTenant, type TestTenant } from './support/factories';
import { call, expectProblem } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

/** Franchise invitations: issued by operators, usable only on their franchise's onboarding routes. */
describe('franchise invitations', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let own: Schemas['FranchiseDto'];
  let other: Schemas['FranchiseDto'];
  let invitation: Schemas['IssuedInvitationDto'];

  const account = (customerId: string) => ({
    customerId,
    environment: 'test',
    label: `Shop ${customerId}`,
    username: `API_${customerId}_1`,
    password: 'secret-password',
  });

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://onboarding.example.com/' });
    tenant = await newTenant(t.app);
    own = await newFranchise(t.app, tenant.tenantId, { name: 'Pizza Nord AG' });
    other = await newFranchise(t.app, tenant.tenantId);
    const created = await call<Schemas['IssuedInvitationDto']>(
      t.baseUrl,
      `/franchises/${own.id}/invitations`,
      { method: 'POST', key: tenant.operatorKey, json: { note: 'Anna' } },
    );
    expect(created.status).toBe(201);
    invitation = created.body;
  });
  afterAll(() => t?.close());

  it('issues a prefixed token once, in a link whose fragment carries it, expiring in 7 days', () => {
    expect(invitation.token).toMatch(/^sap_inv_[A-Za-z0-9_-]{43}$/);
    expect(invitation.link).toBe(
      `https://onboarding.example.com/app/invite#token=${invitation.token}`,
    );
    expect(invitation).toMatchObject({ franchiseId: own.id, state: 'active', note: 'Anna' });
    const days = (Date.parse(invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
  });

  it('answers the wizard its franchise, and only to invitations', async () => {
    const summary = await call<Schemas['InvitationSummaryDto']>(t.baseUrl, '/invitation', {
      key: invitation.token,
    });
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ franchiseId: own.id, franchiseName: 'Pizza Nord AG' });
    expectProblem(await call(t.baseUrl, '/invitation', { key: tenant.operatorKey }), 403);
  });

  it("opens the franchise's onboarding routes, including its own job", async () => {
    const key = invitation.token;
    const registered = await call<Schemas['RegisteredMerchantAccountsDto']>(
      t.baseUrl,
      `/franchises/${own.id}/merchant-accounts`,
      { method: 'POST', key, json: account('100001') },
    );
    expect(registered.status).toBe(202);
    const job = await call(t.baseUrl, `/jobs/${registered.body.job.id}`, { key });
    expect(job.status).toBe(200);
    for (const path of [
      `/franchises/${own.id}/merchant-accounts`,
      `/franchises/${own.id}/capability-matrix`,
      `/franchises/${own.id}/compliance`,
      `/franchises/${own.id}/shops`,
    ]) {
      expect({ path, status: (await call(t.baseUrl, path, { key })).status }).toEqual({
        path,
        status: 200,
      });
    }
  });

  it("is a 404 on another franchise's resources, also its jobs", async () => {
    const key = invitation.token;
    const othersJob = await call<Schemas['RegisteredMerchantAccountsDto']>(
      t.baseUrl,
      `/franchises/${other.id}/merchant-accounts`,
      { method: 'POST', key: tenant.operatorKey, json: account('100002') },
    );
    for (const [method, path] of [
      ['GET', `/franchises/${other.id}/merchant-accounts`],
      ['POST', `/franchises/${other.id}/merchant-accounts`],
      ['GET', `/franchises/${other.id}/capability-matrix`],
      ['GET', `/franchises/${other.id}/policy`],
      ['GET', `/jobs/${othersJob.body.job.id}`],
      ['GET', '/shops/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const response = await call(t.baseUrl, path, {
        method,
        key,
        ...(method === 'POST' ? { json: account('100003') } : {}),
      });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it('is a 403 on every route not opened to invitations', async () => {
    const key = invitation.token;
    for (const [method, path] of [
      ['GET', '/franchises'],
      ['GET', `/franchises/${own.id}`],
      ['PUT', `/franchises/${own.id}/policy`],
      ['POST', `/franchises/${own.id}/invitations`],
      ['GET', '/jobs'],
      ['GET', '/events'],
      ['POST', '/drift-checks'],
      ['GET', '/operator-keys'],
      ['GET', '/webhook-endpoints'],
    ] as const) {
      const response = await call(t.baseUrl, path, {
        method,
        key,
        ...(method === 'GET' ? {} : { json: {} }),
      });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
  });

  it('lists invitations without tokens, and stops working once revoked or expired', async () => {
    const second = await call<Schemas['IssuedInvitationDto']>(
      t.baseUrl,
      `/franchises/${own.id}/invitations`,
      { method: 'POST', key: tenant.operatorKey, json: { expiresInDays: 1 } },
    );
    const listed = await call<Schemas['InvitationListDto']>(
      t.baseUrl,
      `/franchises/${own.id}/invitations`,
      { key: tenant.operatorKey },
    );
    expect(listed.body.items.map((i) => i.id)).toEqual([second.body.id, invitation.id]);
    expect(listed.text).not.toContain(invitation.token);

    const revoked = await call(t.baseUrl, `/invitations/${invitation.id}`, {
      method: 'DELETE',
      key: tenant.operatorKey,
    });
    expect(revoked.status).toBe(204);
    expectProblem(await call(t.baseUrl, '/invitation', { key: invitation.token }), 401);

    await t.app
      .get(DataSource)
      .query(
        `UPDATE franchise_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [second.body.id],
      );
    expectProblem(await call(t.baseUrl, '/invitation', { key: second.body.token }), 401);
    const states = await call<Schemas['InvitationListDto']>(
      t.baseUrl,
      `/franchises/${own.id}/invitations`,
      { key: tenant.operatorKey },
    );
    expect(states.body.items.map((i) => i.state)).toEqual(['expired', 'revoked']);
  });

  it("is a 404 for another tenant's franchise and invitation", async () => {
    const stranger = await newTenant(t.app);
    const key = stranger.operatorKey;
    expectProblem(
      await call(t.baseUrl, `/franchises/${own.id}/invitations`, { method: 'POST', key, json: {} }),
      404,
    );
    expectProblem(
      await call(t.baseUrl, `/invitations/${invitation.id}`, { method: 'DELETE', key }),
      404,
    );
  });

  it('validates the body with pointers', async () => {
    const response = await call(t.baseUrl, `/franchises/${own.id}/invitations`, {
      method: 'POST',
      key: tenant.operatorKey,
      json: { expiresInDays: 0 },
    });
    const problem = expectProblem(response, 400);
    expect(problem.errors?.[0]?.pointer).toBe('/expiresInDays');
  });
});
