import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { loadConfig } from '@api/config/app-config';
import { dataSourceOptions } from '@api/database/data-source-options';
import { runMigrations } from '@api/database/migrations-on-startup';
import { EventEntity, type EventType } from '@api/events/event.entity';
import { EventsRepository } from '@api/events/events.repository';
import { TenantEntity } from '@api/tenants/tenant.entity';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

describe('WebhookDeliveriesRepository (real database)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: WebhookDeliveriesRepository;
  let events: EventsRepository;

  const newTenantId = async () =>
    (await dataSource.getRepository(TenantEntity).save({ name: `T ${randomUUID()}` })).id;
  const newEndpoint = (
    tenantId: string,
    values: Partial<WebhookEndpointEntity> = {},
  ): Promise<WebhookEndpointEntity> =>
    dataSource.getRepository(WebhookEndpointEntity).save({
      id: randomUUID(),
      tenantId,
      url: 'https://hooks.example.com/',
      description: null,
      eventTypes: [],
      status: 'enabled',
      disabledReason: null,
      disabledAt: null,
      secrets: [],
      ...values,
    });
  const publish = (tenantId: string, types: EventType[], subject = {}) =>
    dataSource.transaction(async (manager) => {
      const rows = await events.insertMany(
        tenantId,
        types.map((type) => ({
          type,
          franchiseId: null,
          accountId: null,
          subject: { kind: 'test', code: 'x', ...subject },
          before: null,
          after: null,
          summary: type,
        })),
        manager,
      );
      await repository.fanOut(tenantId, rows, manager);
      return rows;
    });
  const deliveriesTo = (endpointId: string) =>
    dataSource.getRepository(WebhookDeliveryEntity).findBy({ endpointId });

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig(
      database.mode === 'postgres'
        ? {
            DATABASE_URL: database.url,
            ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 3).toString('base64')}`,
          }
        : {},
    );
    dataSource = await new DataSource(dataSourceOptions(config, database.url)).initialize();
    await runMigrations(dataSource, config.usesEmbeddedDatabase);
    repository = new WebhookDeliveriesRepository(
      dataSource.getRepository(WebhookDeliveryEntity),
      dataSource.getRepository(WebhookDeliveryAttemptEntity),
    );
    events = new EventsRepository(dataSource.getRepository(EventEntity));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });
  // Claims see every tenant's due rows: start each test from none.
  beforeEach(() => dataSource.query(`UPDATE webhook_deliveries SET status = 'cancelled'`));

  it('fans out to the enabled, matching endpoints of the tenant only', async () => {
    const tenant = await newTenantId();
    const all = await newEndpoint(tenant);
    const terminals = await newEndpoint(tenant, { eventTypes: ['terminal.added'] });
    const disabled = await newEndpoint(tenant, { status: 'disabled' });
    const foreign = await newEndpoint(await newTenantId());

    await publish(tenant, ['capability.removed', 'terminal.added']);
    expect(await deliveriesTo(all.id)).toHaveLength(2);
    expect(await deliveriesTo(terminals.id)).toHaveLength(1);
    expect(await deliveriesTo(disabled.id)).toHaveLength(0);
    expect(await deliveriesTo(foreign.id)).toHaveLength(0);

    // An endpoint_disabled event goes everywhere but to the endpoint it is about.
    await publish(tenant, ['webhook.endpoint_disabled'], {
      kind: 'webhook_endpoint',
      code: all.id,
    });
    expect(await deliveriesTo(all.id)).toHaveLength(2);
    const watcher = await newEndpoint(tenant);
    await publish(tenant, ['webhook.endpoint_disabled'], {
      kind: 'webhook_endpoint',
      code: all.id,
    });
    expect(await deliveriesTo(watcher.id)).toHaveLength(1);
  });

  it('never hands the same due delivery to two concurrent claimers', async () => {
    const tenant = await newTenantId();
    const endpoint = await newEndpoint(tenant);
    await publish(tenant, ['terminal.added', 'terminal.added', 'terminal.added', 'terminal.added']);
    const [a, b] = await Promise.all([
      repository.claimDue(3, 60_000),
      repository.claimDue(3, 60_000),
    ]);
    const ids = [...a, ...b].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual((await deliveriesTo(endpoint.id)).map((d) => d.id).sort());
    expect([...a, ...b].every((d) => d.attempts === 1)).toBe(true);
    // Leased: nobody claims them again while the lease lasts.
    expect(await repository.claimDue(10, 60_000)).toEqual([]);
  });

  it('re-claims after the lease expires and fences the stale worker out', async () => {
    const tenant = await newTenantId();
    const endpoint = await newEndpoint(tenant);
    await publish(tenant, ['license.changed']);
    const [first] = await repository.claimDue(1, 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const [second] = await repository.claimDue(1, 60_000);
    expect(second).toMatchObject({ id: first.id, attempts: 2 });

    const write = (attempts: number) =>
      dataSource.transaction((manager) =>
        repository.finishAttempt(
          { id: first.id, attempts },
          { status: 'succeeded', deliveredAt: new Date() },
          manager,
        ),
      );
    expect(await write(1)).toBe(false);
    expect(await write(2)).toBe(true);
    expect((await deliveriesTo(endpoint.id))[0]).toMatchObject({
      status: 'succeeded',
      lockedUntil: null,
    });
  });

  it('does not claim deliveries that are not yet due, and cancels only the endpoint’s pending ones', async () => {
    const tenant = await newTenantId();
    const one = await newEndpoint(tenant);
    const two = await newEndpoint(tenant);
    await publish(tenant, ['terminal.removed']);
    await dataSource.query(
      `UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE endpoint_id = $1`,
      [one.id],
    );
    const claimed = await repository.claimDue(10, 60_000);
    expect(claimed.map((d) => d.endpointId)).toEqual([two.id]);

    expect(await repository.cancelPending(tenant, one.id)).toBe(1);
    expect((await deliveriesTo(one.id))[0].status).toBe('cancelled');
    expect((await deliveriesTo(two.id))[0].status).toBe('pending');
  });

  it('prunes finished deliveries created before the cut-off with their attempts, never pending ones', async () => {
    const tenant = await newTenantId();
    const endpoint = await newEndpoint(tenant);
    await publish(tenant, ['terminal.added', 'terminal.added', 'terminal.added', 'terminal.added']);
    const [oldSucceeded, oldFailed, oldPending, recent] = await deliveriesTo(endpoint.id);
    await dataSource.query(
      `UPDATE webhook_deliveries SET status = CASE id WHEN $1 THEN 'succeeded' WHEN $2 THEN 'failed'
         WHEN $3 THEN 'pending' ELSE 'succeeded' END,
         created_at = CASE WHEN id = $4 THEN now() ELSE now() - interval '40 days' END
       WHERE endpoint_id = $5`,
      [oldSucceeded.id, oldFailed.id, oldPending.id, recent.id, endpoint.id],
    );
    await dataSource.getRepository(WebhookDeliveryAttemptEntity).save({
      tenantId: tenant,
      deliveryId: oldSucceeded.id,
      attempt: 1,
      startedAt: new Date(),
      durationMs: 12,
      statusCode: 200,
      error: null,
      responseExcerpt: null,
    });

    const deleted = await repository.deleteFinishedBefore(new Date(Date.now() - 30 * 86_400_000));
    expect(deleted).toBe(2);
    expect((await deliveriesTo(endpoint.id)).map((d) => d.id).sort()).toEqual(
      [oldPending.id, recent.id].sort(),
    );
    expect(
      await dataSource
        .getRepository(WebhookDeliveryAttemptEntity)
        .countBy({ deliveryId: oldSucceeded.id }),
    ).toBe(0);
  });
});
