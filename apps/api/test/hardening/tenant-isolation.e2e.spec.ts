import { PROBLEM_CONTENT_TYPE } from '@platform/problem-details';
import { startSandboxProcess, type SandboxProcess } from '@platform/testing';
import type { PrincipalKind } from '@api/auth/principal';
import { call, type JsonResponse } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';
import { exampleBody, exampleQuery } from './support/examples';
import {
  accessByOperation,
  fillPath,
  loadDocument,
  operationsOf,
  type Operation,
  type RouteAccess,
} from './support/openapi';
import { printSummary } from './support/summary';
import { seedWorlds, worldAppEnv, type World } from './support/world';

const document = loadDocument();
const operations = operationsOf(document);

/** Containers go last in the sanity pass: deleting them first would empty what follows. */
const CONTAINER_PARAMS = ['franchiseId', 'accountId', 'shopId', 'endpointId'];

/**
 * Every operation with a path parameter, called with tenant B's ids by each kind of credential
 * of tenant A: each answer is a 404 (a 403 where that kind may not call the route), never
 * B's data. B's own operator key on the same call is no 404, so the ids are real.
 */
describe('tenant isolation of every operation with a path parameter', () => {
  let sandbox: SandboxProcess;
  let t: TestApp;
  let a: World;
  let b: World;
  let access: Map<string, RouteAccess>;

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ fixture: 'apps/saferpay-sandbox/fixtures/demo.json' });
    t = await startTestApp(worldAppEnv(sandbox));
    [a, b] = await seedWorlds(t, sandbox, [
      { name: 'Alpha', account: { customerId: '123456' } },
      { name: 'Bravo', account: { customerId: '234567' } },
    ]);
    access = accessByOperation(t.app);
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  const withPathParams = operations.filter((op) => op.pathParams.length > 0);

  const credentialOf = (world: World, kind: PrincipalKind): string =>
    ({
      operator: world.operatorKey,
      shopToken: world.shopToken,
      franchiseInvitation: world.invitationToken,
    })[kind];

  /** B's ids in the path and, where a body names an id parameter, in the body too. */
  function requestFor(op: Operation, ids: Record<string, string>) {
    const path = fillPath(op.path, ids) + exampleQuery(document, op);
    const body = exampleBody(document, op, ids);
    return { path, body };
  }

  /** The world's ids, and one set more per further id of a parameter the operation has. */
  function idSets(op: Operation, world: World): Record<string, string>[] {
    const sets = [world.ids];
    for (const param of op.pathParams) {
      for (const id of world.moreIds[param] ?? []) sets.push({ ...world.ids, [param]: id });
    }
    return sets;
  }

  async function send(
    op: Operation,
    ids: Record<string, string>,
    key: string,
  ): Promise<JsonResponse> {
    const { path, body } = requestFor(op, ids);
    return call(t.baseUrl, path, {
      method: op.method,
      key,
      headers: body ? { 'content-type': body.contentType } : {},
      body: body?.body,
    });
  }

  it('the document and the seeded world cover each other', () => {
    const problems: string[] = [];
    for (const op of operations) {
      const routeAccess = access.get(op.operationId);
      if (!routeAccess) problems.push(`${op.operationId}: no controller handler of that name`);
      else if ((routeAccess === 'public') !== op.isPublic)
        problems.push(`${op.operationId}: public in the app and the document disagree`);
    }
    for (const op of withPathParams.filter((o) => !o.isPublic)) {
      for (const param of op.pathParams) {
        if (!(param in b.ids))
          problems.push(`${op.operationId}: the seeded world has no id for {${param}}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers 404 (403 for a credential kind the route refuses) to tenant A's credentials on B's ids, and B's own key reaches them", async () => {
    const failures: string[] = [];
    let calls = 0;
    let checked = 0;
    const tenantScoped = withPathParams.filter((op) => !op.isPublic);
    for (const op of tenantScoped) {
      const routeAccess = access.get(op.operationId);
      if (!routeAccess || routeAccess === 'public') {
        failures.push(`${op.operationId}: not exercised (no access rule)`);
        continue;
      }
      checked += 1;
      for (const ids of idSets(op, b)) {
        for (const kind of ['operator', 'shopToken', 'franchiseInvitation'] as const) {
          const response = await send(op, ids, credentialOf(a, kind));
          calls += 1;
          const expected = routeAccess.includes(kind) ? 404 : 403;
          const sent = requestFor(op, ids);
          const sentText = `${sent.path} ${sent.body?.body ?? ''}`;
          const leaked = b.markers.filter(
            (m) => !sentText.includes(m) && response.text.includes(m),
          );
          const isProblem = response.headers.get('content-type')?.includes(PROBLEM_CONTENT_TYPE);
          if (response.status !== expected || !isProblem || leaked.length > 0) {
            failures.push(
              `${op.operationId} ${op.method} ${sent.path} as A's ${kind}: ${response.status} ` +
                `(expected ${expected} problem+json)${leaked.length ? ` leaking ${leaked.join(', ')}` : ''}: ` +
                response.text.slice(0, 300),
            );
          }
        }
      }
    }

    // B's own credential on the same calls: reads and writes first, deletions of containers last.
    const rank = (op: Operation) =>
      op.method !== 'DELETE' ? 0 : op.pathParams.some((p) => CONTAINER_PARAMS.includes(p)) ? 2 : 1;
    for (const op of [...tenantScoped].sort((x, y) => rank(x) - rank(y))) {
      const routeAccess = access.get(op.operationId);
      if (!routeAccess || routeAccess === 'public') continue;
      for (const ids of idSets(op, b)) {
        const response = await send(op, ids, credentialOf(b, routeAccess[0]));
        calls += 1;
        if (response.status === 404 || response.status >= 500) {
          failures.push(
            `${op.operationId} ${op.method} ${requestFor(op, ids).path} as B's own ${routeAccess[0]}: ` +
              `${response.status}, so its ids prove nothing: ${response.text.slice(0, 300)}`,
          );
        }
      }
    }
    printSummary(
      `tenant isolation: ${checked} operations checked, ${calls} calls made, ` +
        `${failures.length === 0 ? 'all isolated' : `${failures.length} failures`}`,
    );
    expect(failures).toEqual([]);
  }, 120_000);
});
