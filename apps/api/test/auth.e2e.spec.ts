import { DataSource } from 'typeorm';
import { hashToken } from '@platform/tokens';
import type { IssuedOperatorKeyDto, OperatorKeyListDto } from '@api/auth/dto/operator-key.dto';
import { newTenant, type TestTenant } from './support/factories';
import { call, expectProblem } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

describe('operator keys and bearer authentication', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await newTenant(t.app);
  });
  afterAll(() => t.close());

  it.each([
    ['no Authorization header', undefined],
    ['a Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
    ['a malformed token', 'Bearer not-a-key'],
    ['an unknown well-formed key', `Bearer sap_op_${'A'.repeat(43)}`],
    ['a token of an unknown kind', `Bearer sap_zz_${'A'.repeat(43)}`],
  ])('rejects %s with a 401 problem', async (_label, authorization) => {
    const response = await call(t.baseUrl, '/franchises', {
      headers: authorization ? { authorization } : {},
    });
    expectProblem(response, 401, 'unauthorized');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('issues a key shown once, stores only its hash, and revokes it', async () => {
    const issued = await call<IssuedOperatorKeyDto>(t.baseUrl, '/operator-keys', {
      method: 'POST',
      key: tenant.operatorKey,
      json: { name: 'ci' },
    });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^sap_op_[A-Za-z0-9_-]{43}$/);
    expect((await call(t.baseUrl, '/franchises', { key: issued.body.token })).status).toBe(200);

    const listed = await call<OperatorKeyListDto>(t.baseUrl, '/operator-keys', {
      key: tenant.operatorKey,
    });
    expect(listed.text).not.toContain(issued.body.token);
    expect(listed.body.items.map((k) => k.name)).toContain('ci');

    const rows: { token_hash: string; hint: string }[] = await t.app
      .get(DataSource)
      .query('SELECT token_hash, hint FROM operator_keys WHERE id = $1', [issued.body.id]);
    expect(rows[0].token_hash).toBe(hashToken(issued.body.token));
    expect(JSON.stringify(rows)).not.toContain(issued.body.token.slice(7, 20));

    expect(
      (
        await call(t.baseUrl, `/operator-keys/${issued.body.id}`, {
          method: 'DELETE',
          key: tenant.operatorKey,
        })
      ).status,
    ).toBe(204);
    expectProblem(
      await call(t.baseUrl, '/franchises', { key: issued.body.token }),
      401,
      'unauthorized',
    );
  });

  it("cannot revoke another tenant's key", async () => {
    const other = await newTenant(t.app);
    const issued = await call<IssuedOperatorKeyDto>(t.baseUrl, '/operator-keys', {
      method: 'POST',
      key: other.operatorKey,
      json: { name: 'theirs' },
    });
    expectProblem(
      await call(t.baseUrl, `/operator-keys/${issued.body.id}`, {
        method: 'DELETE',
        key: tenant.operatorKey,
      }),
      404,
    );
    expect((await call(t.baseUrl, '/franchises', { key: issued.body.token })).status).toBe(200);
  });

  it('keeps health and problem type docs public', async () => {
    expect((await call(t.baseUrl, '/health/live')).body).toEqual({ status: 'ok' });
    expect((await call(t.baseUrl, '/health/ready')).body).toEqual({ status: 'ok' });
    const type = await call<{ status: number }>(t.baseUrl, '/problems/validation-failed');
    expect(type.body.status).toBe(400);
  });
});
