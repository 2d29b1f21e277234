import type { Client } from 'pg';
import type { Schemas } from '@platform/api-types';
import type { SandboxAdmin } from '@platform/testing';
import { call } from './http';
import type { Received } from './webhook-receiver';

/** Seeded PRNG (mulberry32): floats in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Polls `probe` until it returns something other than undefined. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** What one round of invariant checks found: checks passed and violations (empty = all held). */
export interface InvariantReport {
  passed: number;
  violations: string[];
  /** Tokens at the sandbox from a rotation's re-sent create (the documented limit). */
  documentedDuplicates: number;
  /** How long the platform took to come to rest. */
  restMs: number;
}

const rowsOf = async <T extends object>(db: Client, sql: string, params: unknown[] = []) =>
  (await db.query<T>(sql, params)).rows;

/**
 * Waits until the platform is at rest after a restart: no job queued or running, no Fields
 * token between states, no webhook delivery pending. A job still `running` 5 s past its lease
 * for 10 s in a row is reported as stuck (nobody took it over).
 */
export async function waitForRest(
  db: Client,
  { timeoutMs = 100_000 } = {},
): Promise<{ violations: string[]; waitedMs: number }> {
  const started = Date.now();
  let stuckSince: number | undefined;
  for (;;) {
    const [state] = await rowsOf<{ active: string; stale: string; tokens: string; hooks: string }>(
      db,
      `SELECT (SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')) AS active,
              (SELECT count(*) FROM jobs WHERE status = 'running'
                  AND locked_until < now() - interval '5 seconds') AS stale,
              (SELECT count(*) FROM fields_tokens
                 WHERE state IN ('provisioning', 'retiring', 'revoking')) AS tokens,
              (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending') AS hooks`,
    );
    const waitedMs = Date.now() - started;
    if (Number(state.stale) > 0) stuckSince ??= Date.now();
    else stuckSince = undefined;
    if (stuckSince !== undefined && Date.now() - stuckSince > 10_000) {
      const stuck = await rowsOf<{ id: string; type: string }>(
        db,
        `SELECT id, type FROM jobs WHERE status = 'running' AND locked_until < now() - interval '5 seconds'`,
      );
      return {
        violations: stuck.map((j) => `job ${j.id} (${j.type}) stuck running past its lease`),
        waitedMs,
      };
    }
    if (Number(state.active) + Number(state.tokens) + Number(state.hooks) === 0) {
      return { violations: [], waitedMs };
    }
    if (waitedMs > timeoutMs) {
      return {
        violations: [
          `not at rest after ${timeoutMs} ms: ${state.active} jobs queued/running, ` +
            `${state.tokens} Fields tokens between states, ${state.hooks} webhook deliveries pending`,
        ],
        waitedMs,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One named check: passes when `found` is empty, else each entry is a violation. */
function check(report: InvariantReport, name: string, found: string[]): void {
  if (found.length === 0) report.passed += 1;
  else report.violations.push(...found.map((entry) => `${name}: ${entry}`));
}

/** Every job terminal and none failed; and no row doubled, straight from the database. */
export async function checkDatabaseInvariants(db: Client, report: InvariantReport): Promise<void> {
  const jobs = await rowsOf<{ id: string; type: string; status: string; error: unknown }>(
    db,
    `SELECT id, type, status, error FROM jobs WHERE status NOT IN ('succeeded', 'cancelled')`,
  );
  check(
    report,
    'every job succeeded',
    jobs.map((j) => `${j.type} ${j.id} is ${j.status} ${JSON.stringify(j.error)}`),
  );
  const onboarding = await rowsOf<{ account_id: string; n: string }>(
    db,
    `SELECT account_id, count(*) AS n FROM onboarding_items GROUP BY account_id HAVING count(*) > 1`,
  );
  check(
    report,
    'one onboarding item per account',
    onboarding.map((r) => `account ${r.account_id} has ${r.n}`),
  );
  const versions = await rowsOf<{ account_id: string; version: number; why: string }>(
    db,
    `SELECT account_id, version,
            CASE WHEN version <> previous_version + 1 THEN 'version gap' ELSE 'same content as the previous version' END AS why
       FROM (SELECT account_id, version, content_hash,
                    lag(version, 1, 0) OVER w AS previous_version,
                    lag(content_hash) OVER w AS previous_hash
               FROM capability_snapshots WINDOW w AS (PARTITION BY account_id ORDER BY version)) s
      WHERE version <> previous_version + 1 OR content_hash = previous_hash`,
  );
  check(
    report,
    'one snapshot version per change',
    versions.map((r) => `account ${r.account_id} version ${r.version}: ${r.why}`),
  );
  const tokens = await rowsOf<{ what: string }>(
    db,
    `SELECT 'token ' || token_hint || ' stored ' || count(*) || ' times' AS what
       FROM fields_tokens WHERE token_hint IS NOT NULL GROUP BY token_hint HAVING count(*) > 1
     UNION ALL
     SELECT 'shop ' || shop_id || ' has ' || count(*) || ' active tokens'
       FROM fields_tokens WHERE state = 'active' GROUP BY shop_id HAVING count(*) > 1
     UNION ALL
     SELECT 'request id ' || request_id || ' used by ' || count(*) || ' intents'
       FROM fields_tokens GROUP BY request_id HAVING count(*) > 1`,
  );
  check(
    report,
    'no duplicate Fields token',
    tokens.map((r) => r.what),
  );
  const events = await rowsOf<{ what: string }>(
    db,
    `SELECT type || ' of account ' || account_id || ' at version ' || snapshot_version_after
              || ' recorded ' || count(*) || ' times' AS what
       FROM events WHERE snapshot_version_after IS NOT NULL
      GROUP BY type, account_id, subject, snapshot_version_after HAVING count(*) > 1`,
  );
  check(
    report,
    'one event per change',
    events.map((r) => r.what),
  );
  const deliveries = await rowsOf<{ what: string }>(
    db,
    `SELECT 'event ' || event_id || ' has ' || count(*) || ' deliveries to endpoint ' || endpoint_id AS what
       FROM webhook_deliveries WHERE replay_of IS NULL
      GROUP BY event_id, endpoint_id HAVING count(*) > 1`,
  );
  check(
    report,
    'one webhook delivery per event and endpoint',
    deliveries.map((r) => r.what),
  );
}

/**
 * Every event of the tenant reached the receiver, by `webhook-id`, and nothing else did. An id
 * received twice is an at-least-once redelivery, allowed only where the platform counted an
 * attempt it never recorded (a crash between sending and recording; collected in
 * `redelivered`); otherwise a violation.
 */
export async function checkWebhookInvariants(
  db: Client,
  tenantId: string,
  received: Received[],
  report: InvariantReport,
  redelivered: Set<string>,
): Promise<void> {
  const events = await rowsOf<{ id: string }>(db, 'SELECT id FROM events WHERE tenant_id = $1', [
    tenantId,
  ]);
  const counts = new Map<string, number>();
  for (const request of received) {
    const id = String(request.headers['webhook-id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const known = new Set(events.map((e) => e.id));
  check(
    report,
    'every event delivered',
    events.filter((e) => !counts.has(e.id)).map((e) => `event ${e.id} never reached the receiver`),
  );
  check(
    report,
    'nothing but events delivered',
    [...counts.keys()].filter((id) => !known.has(id)).map((id) => `unknown webhook-id ${id}`),
  );
  const doubled = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  const unexplained: string[] = [];
  for (const id of doubled) {
    const [delivery] = await rowsOf<{ attempts: number; recorded: string }>(
      db,
      `SELECT d.attempts,
              (SELECT count(*) FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id) AS recorded
         FROM webhook_deliveries d WHERE d.event_id = $1 AND d.replay_of IS NULL`,
      [id],
    );
    if (delivery && delivery.attempts > Number(delivery.recorded)) redelivered.add(id);
    else
      unexplained.push(`webhook-id ${id} received ${counts.get(id)} times without a lost record`);
  }
  check(report, 'redeliveries only after a crash between send and record', unexplained);
}

/**
 * The sandbox holds exactly the Fields tokens the platform knows as live: per shop one active
 * token, present at the sandbox (by hint), and every token the sandbox holds on the shops'
 * terminals is one of them; no revoked token is still at the sandbox. One exception, the
 * documented limit of "Fields tokens: nothing orphaned" (README): a rotation whose create reached
 * Saferpay before the kill is recovered by sending the create again with the same RequestId
 * (the terminal is not cleared while the rotated-out token is live), and Saferpay (the sandbox)
 * makes a second token. Such a token counts as a documented duplicate, not a violation, when the
 * sandbox's log since `logSince` shows that rotation's RequestId sent more than once; its hint
 * joins `documented`, so later rounds do not count it again.
 */
export async function checkFieldsTokenInvariants(
  admin: SandboxAdmin,
  db: Client,
  baseUrl: string,
  key: string,
  shops: { shopId: string; customerId: string; terminalId: string }[],
  report: InvariantReport,
  documented: Set<string>,
): Promise<void> {
  const found: string[] = [];
  const hint = (token: string) => `${token.slice(0, 4)}…${token.slice(-4)}`;
  for (const shop of shops) {
    const page = await call<Schemas['FieldsTokenPageDto']>(
      baseUrl,
      `/shops/${shop.shopId}/fields-tokens?limit=200`,
      { key },
    );
    const atSandbox = (await admin.fieldsAccessTokens(shop.customerId))
      .filter((t) => t.terminalId === shop.terminalId)
      .map((t) => hint(t.accessToken))
      .filter((h) => !documented.has(h));
    const live = page.body.items.filter((t) => t.state === 'active' || t.state === 'retiring');
    const active = page.body.items.filter((t) => t.state === 'active');
    if (active.length !== 1) found.push(`shop ${shop.shopId} has ${active.length} active tokens`);
    for (const token of live) {
      if (!atSandbox.includes(token.tokenHint!)) {
        found.push(
          `${token.state} token ${token.tokenHint} of shop ${shop.shopId} not at the sandbox`,
        );
      }
    }
    const unknown: string[] = [];
    for (const sandboxHint of atSandbox) {
      if (live.some((t) => t.tokenHint === sandboxHint)) continue;
      if (page.body.items.some((t) => t.tokenHint === sandboxHint && t.state === 'revoked')) {
        found.push(`revoked token ${sandboxHint} of shop ${shop.shopId} still at the sandbox`);
      } else {
        unknown.push(sandboxHint);
      }
    }
    if (unknown.length === 0) continue;
    const creates = (
      await admin.requests({ customerId: shop.customerId, operation: 'CreateFieldsAccessToken' })
    ).filter((c) => c.terminalId === shop.terminalId && c.requestId);
    const sent = new Map<string, number>();
    for (const create of creates)
      sent.set(create.requestId!, (sent.get(create.requestId!) ?? 0) + 1);
    const resent = [...sent].filter(([, n]) => n > 1).map(([requestId]) => requestId);
    const rotations = resent.length
      ? await rowsOf<{ request_id: string }>(
          db,
          `SELECT request_id FROM fields_tokens
            WHERE shop_id = $1 AND replaces_id IS NOT NULL AND request_id = ANY($2::uuid[])`,
          [shop.shopId, resent],
        )
      : [];
    if (unknown.length <= rotations.length) {
      for (const orphan of unknown) documented.add(orphan);
      report.documentedDuplicates += unknown.length;
    } else {
      found.push(
        ...unknown.map((h) => `orphan token ${h} at the sandbox on terminal ${shop.terminalId}`),
      );
    }
  }
  check(report, 'Fields tokens match the sandbox', found);
}
