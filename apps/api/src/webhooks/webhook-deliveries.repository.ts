import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThanOrEqual, Repository, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@platform/pagination';
import { keysetPage } from '@api/common/database/keyset-page';
import type { EventEntity } from '@api/events/event.entity';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity, type WebhookDeliveryStatus } from './webhook-delivery.entity';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { returnedRows } from '@api/common/database/returned-rows';

/** An endpoint_disabled event is never delivered to the endpoint it is about. */
export const ENDPOINT_DISABLED_EVENT = 'webhook.endpoint_disabled';

export type AttemptRecord = Omit<WebhookDeliveryAttemptEntity, 'id' | 'delivery'>;

export type DeliveryUpdate = Partial<
  Pick<
    WebhookDeliveryEntity,
    'status' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'deliveredAt'
  >
>;

/** Data access only; tenant-facing methods are scoped by the tenant id they are given. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(
    @InjectRepository(WebhookDeliveryEntity)
    private readonly repo: Repository<WebhookDeliveryEntity>,
    @InjectRepository(WebhookDeliveryAttemptEntity)
    private readonly attempts: Repository<WebhookDeliveryAttemptEntity>,
  ) {}

  /** Deletes deliveries no longer pending created before `before`; attempts go with them. */
  async deleteFinishedBefore(before: Date): Promise<number> {
    const result = await this.repo
      .createQueryBuilder()
      .delete()
      .where("status <> 'pending'")
      .andWhere('created_at < :before', { before })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * The outbox fan-out: one pending delivery per enabled endpoint of the tenant
   * whose filter matches, in the caller's transaction. Returns how many.
   */
  async fanOut(
    tenantId: string,
    events: readonly EventEntity[],
    manager: EntityManager,
  ): Promise<number> {
    if (!events.length) return 0;
    const about = events.map((event) =>
      event.type === ENDPOINT_DISABLED_EVENT && typeof event.subject.code === 'string'
        ? event.subject.code
        : null,
    );
    const inserted: unknown = await manager.query(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, status, next_attempt_at)
       SELECT endpoint.tenant_id, endpoint.id, event.id, 'pending', now()
         FROM webhook_endpoints endpoint
         JOIN unnest($2::uuid[], $3::text[], $4::text[]) AS event(id, type, about) ON true
        WHERE endpoint.tenant_id = $1
          AND endpoint.status = 'enabled'
          AND (cardinality(endpoint.event_types) = 0 OR event.type = ANY(endpoint.event_types))
          AND event.about IS DISTINCT FROM endpoint.id::text
       RETURNING id`,
      [tenantId, events.map((e) => e.id), events.map((e) => e.type), about],
    );
    return returnedRows<{ id: string }>(inserted).length;
  }

  /**
   * Claims up to `limit` due deliveries for this worker: SKIP LOCKED lets
   * replicas claim different rows without waiting, and the lease (locked_until)
   * keeps everyone else off them while the attempt runs. A crashed worker's rows
   * are claimed again when the lease runs out. Claiming counts the attempt, so a
   * stale worker's late write (fenced on the count) cannot overwrite a newer one.
   */
  async claimDue(limit: number, leaseMs: number): Promise<WebhookDeliveryEntity[]> {
    const claimed: unknown = await this.repo.query(
      `UPDATE webhook_deliveries
          SET attempts = attempts + 1,
              locked_until = now() + make_interval(secs => $2::double precision / 1000)
        WHERE id IN (
          SELECT id FROM webhook_deliveries
           WHERE status = 'pending' AND next_attempt_at <= now()
             AND (locked_until IS NULL OR locked_until < now())
           ORDER BY next_attempt_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [limit, leaseMs],
    );
    const ids = returnedRows<{ id: string }>(claimed).map((row) => row.id);
    return ids.length ? this.repo.findBy({ id: In(ids) }) : [];
  }

  insertAttempt(attempt: AttemptRecord, manager: EntityManager): Promise<unknown> {
    return manager.getRepository(WebhookDeliveryAttemptEntity).insert(attempt);
  }

  /** Writes an attempt's outcome if this worker's claim is still the latest and the row pending. */
  async finishAttempt(
    delivery: Pick<WebhookDeliveryEntity, 'id' | 'attempts'>,
    values: DeliveryUpdate,
    manager: EntityManager,
  ): Promise<boolean> {
    const result = await manager
      .getRepository(WebhookDeliveryEntity)
      .update(
        { id: delivery.id, attempts: delivery.attempts, status: 'pending' },
        { ...values, lockedUntil: null },
      );
    return (result.affected ?? 0) > 0;
  }

  /** Cancels the endpoint's pending deliveries (it was disabled). */
  async cancelPending(
    tenantId: string,
    endpointId: string,
    manager?: EntityManager,
  ): Promise<number> {
    const repo = manager?.getRepository(WebhookDeliveryEntity) ?? this.repo;
    const result = await repo.update(
      { tenantId, endpointId, status: 'pending' },
      { status: 'cancelled', nextAttemptAt: null, lockedUntil: null },
    );
    return result.affected ?? 0;
  }

  /** Whether any delivery to the endpoint succeeded at or after `since`. */
  async succeededSince(
    tenantId: string,
    endpointId: string,
    since: Date,
    manager: EntityManager,
  ): Promise<boolean> {
    return manager.getRepository(WebhookDeliveryEntity).exists({
      where: { tenantId, endpointId, status: 'succeeded', deliveredAt: MoreThanOrEqual(since) },
    });
  }

  attemptsOf(
    tenantId: string,
    deliveryIds: readonly string[],
    manager?: EntityManager,
  ): Promise<WebhookDeliveryAttemptEntity[]> {
    if (!deliveryIds.length) return Promise.resolve([]);
    const repo = manager?.getRepository(WebhookDeliveryAttemptEntity) ?? this.attempts;
    return repo.find({
      where: { tenantId, deliveryId: In([...deliveryIds]) },
      order: { deliveryId: 'ASC', attempt: 'ASC' },
    });
  }

  findById(
    tenantId: string,
    endpointId: string,
    id: string,
  ): Promise<WebhookDeliveryEntity | null> {
    return this.repo.findOneBy({ tenantId, endpointId, id });
  }

  /** Newest first, a page at a time. */
  listPage(
    tenantId: string,
    endpointId: string,
    options: {
      limit: number;
      after?: CursorPosition;
      status?: WebhookDeliveryStatus;
      eventId?: string;
    },
  ): Promise<WebhookDeliveryEntity[]> {
    const query = this.repo
      .createQueryBuilder('delivery')
      .where('delivery.tenant_id = :tenantId AND delivery.endpoint_id = :endpointId', {
        tenantId,
        endpointId,
      });
    if (options.status) query.andWhere('delivery.status = :status', { status: options.status });
    if (options.eventId) {
      query.andWhere('delivery.event_id = :eventId', { eventId: options.eventId });
    }
    return keysetPage(query, {
      limit: options.limit,
      after: options.after,
      order: 'DESC',
    }).getMany();
  }

  /** A new pending delivery of the same event to the same endpoint, due now. */
  insertReplay(original: WebhookDeliveryEntity): Promise<WebhookDeliveryEntity> {
    return this.repo.save(
      this.repo.create({
        tenantId: original.tenantId,
        endpointId: original.endpointId,
        eventId: original.eventId,
        status: 'pending',
        nextAttemptAt: new Date(),
        replayOf: original.id,
      }),
    );
  }

  /**
   * Queues the tenant's events of [since, until) that match the endpoint's filter
   * again. Events it already had a delivery for get a replay of that delivery;
   * others (older than the endpoint, or filtered then) get their first delivery.
   */
  async replayRange(endpoint: WebhookEndpointEntity, since: Date, until: Date): Promise<number> {
    const inserted: unknown = await this.repo.query(
      `INSERT INTO webhook_deliveries
              (tenant_id, endpoint_id, event_id, status, next_attempt_at, replay_of)
       SELECT event.tenant_id, $2::uuid, event.id, 'pending', now(), original.id
         FROM events event
         LEFT JOIN webhook_deliveries original
           ON original.endpoint_id = $2::uuid AND original.event_id = event.id
          AND original.replay_of IS NULL
        WHERE event.tenant_id = $1
          AND event.created_at >= $3 AND event.created_at < $4
          AND (cardinality($5::text[]) = 0 OR event.type = ANY($5::text[]))
          AND NOT (event.type = '${ENDPOINT_DISABLED_EVENT}' AND event.subject->>'code' = $2::uuid::text)
       -- A concurrent range replay already gave a never-delivered event its first delivery.
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [endpoint.tenantId, endpoint.id, since, until, endpoint.eventTypes],
    );
    return returnedRows<{ id: string }>(inserted).length;
  }
}
