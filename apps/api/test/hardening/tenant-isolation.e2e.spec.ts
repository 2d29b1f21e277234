import { PROBLEM_CONTENT_TYPE } from '@platform/problem-details';
import { startSandboxProcess, type SandboxProcess } from '@platform/testing';
import type { PrincipalKind } from '@api/auth/principal';
import { call, type JsonResponse } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';
import { exampleBody, exampleOf, exampleQuery } from './support/examples';
import {
  accessByOperation,
  fillPath,
  loadDocument,
  operationsOf,
  resolveSchema,
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

  /**
   * The id-valued query parameters and top-level JSON body properties of an operation that name
   * a tenant's resource (`accountId`, `franchiseId`, `eventId`...; `resourceId` of the audit log
   * takes any of them).
   */
  function idFields(op: Operation): { name: string; in: 'query' | 'body'; idOf: string }[] {
    const named = (name: string) => (name === 'resourceId' ? 'accountId' : name);
    const fields: { name: string; in: 'query' | 'body'; idOf: string }[] = [];
    for (const parameter of op.parameters) {
      if (parameter.in === 'query' && named(parameter.name) in b.ids)
        fields.push({ name: parameter.name, in: 'query', idOf: named(parameter.name) });
    }
    const schema = op.requestBody?.content['application/json'];
    const properties = schema ? (resolveSchema(document, schema).properties ?? {}) : {};
    for (const name of Object.keys(properties)) {
      if (named(name) in b.ids) fields.push({ name, in: 'body', idOf: named(name) });
    }
    return fields;
  }

  it("finds nothing of B through B's ids in A's query filters and request bodies", async () => {
    const failures: string[] = [];
    let calls = 0;
    const exercised = new Set<string>();
    const controlsWithData = new Set<string>();
    for (const op of operations) {
      const routeAccess = access.get(op.operationId);
      if (op.isPublic || !routeAccess || routeAccess === 'public') continue;
      if (!routeAccess.includes('operator')) continue;
      for (const field of idFields(op)) {
        const foreignId = b.ids[field.idOf];
        let path = fillPath(op.path, a.ids) + exampleQuery(document, op);
        let body: string | undefined;
        if (field.in === 'query') {
          path += `${path.includes('?') ? '&' : '?'}${field.name}=${encodeURIComponent(foreignId)}`;
        } else {
          const schema = op.requestBody!.content['application/json'];
          const example = exampleOf(document, schema, { ...a.ids, ...a.fields }) as object;
          body = JSON.stringify({ ...example, [field.name]: foreignId });
        }
        const response = await call(t.baseUrl, path, {
          method: op.method,
          key: a.operatorKey,
          headers: body ? { 'content-type': 'application/json' } : {},
          body,
        });
        calls += 1;
        exercised.add(op.operationId);
        const sent = `${path} ${body ?? ''}`;
        const leaked = b.markers.filter((m) => !sent.includes(m) && response.text.includes(m));
        if (op.method === 'GET') {
          // Control: B's own key with the same filter on B's own paths does find B's data, so
          // A's empty answer means the filter was scoped, not that there was nothing to find.
          const own = fillPath(op.path, b.ids) + path.slice(fillPath(op.path, a.ids).length);
          const control = await call(t.baseUrl, own, { key: b.operatorKey });
          calls += 1;
          const revealed = b.markers.some((m) => !own.includes(m) && control.text.includes(m));
          if (control.status >= 400) {
            failures.push(`${op.operationId} ${own} as B's own key: ${control.status}`);
          } else if (revealed) {
            controlsWithData.add(`${op.operationId}?${field.name}`);
          }
        }
        // A read may answer (an empty page); a write naming B's resource must be refused.
        const refusedOrRead =
          op.method === 'GET' || (response.status >= 400 && response.status < 500);
        if (response.status >= 500 || leaked.length > 0 || !refusedOrRead) {
          failures.push(
            `${op.operationId} ${op.method} ${path} with B's ${field.name} in the ${field.in}: ` +
              `${response.status}${leaked.length ? ` leaking ${leaked.join(', ')}` : ''}: ` +
              response.text.slice(0, 300),
          );
        }
      }
    }
    printSummary(
      `tenant isolation (ids in filters and bodies): ${exercised.size} operations, ${calls} calls ` +
        `(${[...controlsWithData].join(', ')} found B's data for B), ` +
        `${failures.length === 0 ? 'nothing of the other tenant found' : `${failures.length} failures`}`,
    );
    // The document has such operations (events, audit log, payment links, exports, drift checks,
    // shops...): a run that exercises none proves nothing.
    expect(exercised.size).toBeGreaterThan(5);
    expect(controlsWithData.size).toBeGreaterThanOrEqual(3);
    expect(failures).toEqual([]);
  }, 120_000);

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
