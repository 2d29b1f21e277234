import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@api/config/app-config';
import type { EventEntity } from '@api/events/event.entity';
import { EventsRepository, type NewEvent } from '@api/events/events.repository';
import { Metrics } from '@api/metrics/metrics.service';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import { deliveryOutcome, summarizeFailures, type DeliveryOutcome } from './delivery-outcome';
import { EventPublisher } from './event-publisher';
import {
  WebhookDeliveriesRepository,
  type AttemptRecord,
  type DeliveryUpdate,
} from './webhook-deliveries.repository';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { webhookBody } from './webhook-payload';
import { openWebhookSecrets } from './webhook-secrets';
import { sendWebhook, type WebhookResponse } from './webhook-sender';
import { webhookSignatureHeader } from './webhook-signature';
import { WebhookTargetPolicy } from './webhook-target-policy';

export const WEBHOOK_USER_AGENT = 'SaferpayAccountPlatform-Webhooks/1.0';

/** The event announcing an automatic disable; the host only, as paths and queries may hold tokens. */
export function endpointDisabledEvent(endpoint: WebhookEndpointEntity, reason: string): NewEvent {
  return {
    type: 'webhook.endpoint_disabled',
    franchiseId: null,
    accountId: null,
    subject: { kind: 'webhook_endpoint', code: endpoint.id },
    before: { status: 'enabled' },
    after: { status: 'disabled', reason },
    summary: `Webhook endpoint ${endpoint.id} (${new URL(endpoint.url).host}) was disabled: ${reason}`,
  };
}

/**
 * One attempt of one claimed delivery: check the target again, sign, send,
 * then record the attempt and its consequence in one transaction.
 */
@Injectable()
export class WebhookDeliveryRunner {
  private readonly schedule: number[];

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly events: EventsRepository,
    private readonly cipher: CredentialCipher,
    private readonly policy: WebhookTargetPolicy,
    private readonly publisher: EventPublisher,
    private readonly logger: PinoLogger,
    private readonly metrics: Metrics,
  ) {
    logger.setContext(WebhookDeliveryRunner.name);
    this.schedule = config.webhookRetryScheduleMs;
  }

  /** Returns when the next attempt is due (a retry), else null. */
  async run(delivery: WebhookDeliveryEntity): Promise<Date | null> {
    const { tenantId } = delivery;
    const endpoint = await this.endpoints.findById(tenantId, delivery.endpointId);
    const event = endpoint && (await this.events.findById(tenantId, delivery.eventId));
    // A deleted endpoint or event took its deliveries with it (cascade).
    if (!endpoint || !event) return null;
    if (endpoint.status !== 'enabled') {
      await this.deliveries.cancelPending(tenantId, endpoint.id);
      return null;
    }
    const startedAt = new Date();
    const response = await this.attempt(endpoint, event, startedAt);
    return this.record(delivery, endpoint, startedAt, response);
  }

  private async attempt(
    endpoint: WebhookEndpointEntity,
    event: EventEntity,
    now: Date,
  ): Promise<WebhookResponse> {
    const started = performance.now();
    const failed = (error: string): WebhookResponse => ({
      statusCode: null,
      error,
      responseExcerpt: null,
      durationMs: Math.round(performance.now() - started),
    });
    // Checked again at every attempt: DNS may have changed since the endpoint was saved.
    const target = await withTimeout(
      this.policy.check(endpoint.url),
      this.config.WEBHOOK_TIMEOUT_MS,
      {
        ok: false,
        reason: `resolving the host timed out after ${this.config.WEBHOOK_TIMEOUT_MS} ms`,
      },
    );
    if (!target.ok) return failed(`Refused by the target policy: ${target.reason}`);
    let secrets: string[];
    try {
      secrets = openWebhookSecrets(this.cipher, endpoint.id, endpoint.secrets, now);
    } catch {
      return failed('The signing secret cannot be decrypted (is its encryption key configured?)');
    }
    const body = webhookBody(event);
    const timestamp = Math.floor(now.getTime() / 1000);
    return sendWebhook({
      url: target.url,
      address: target.address,
      family: target.family,
      body,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      headers: {
        'content-type': 'application/json',
        'user-agent': WEBHOOK_USER_AGENT,
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': webhookSignatureHeader(secrets, event.id, timestamp, body),
      },
    });
  }

  private async record(
    delivery: WebhookDeliveryEntity,
    endpoint: WebhookEndpointEntity,
    startedAt: Date,
    response: WebhookResponse,
  ): Promise<Date | null> {
    const { tenantId } = delivery;
    const outcome = deliveryOutcome(response, delivery.attempts, this.schedule);
    const now = new Date();
    const nextAttemptAt =
      outcome.kind === 'retry' ? new Date(now.getTime() + outcome.delayMs) : null;
    const attempt: AttemptRecord = {
      tenantId,
      deliveryId: delivery.id,
      attempt: delivery.attempts,
      startedAt,
      durationMs: response.durationMs,
      statusCode: response.statusCode,
      error: response.error,
      responseExcerpt: response.responseExcerpt,
    };
    const disabledFor = await this.dataSource.transaction(async (manager) => {
      const reason =
        outcome.kind === 'gone'
          ? '410 Gone'
          : outcome.kind === 'exhausted'
            ? await this.exhaustionReason(delivery, attempt, manager)
            : null;
      // Endpoint row first, then deliveries: the order PATCH uses too, so two disables cannot deadlock.
      const disabled =
        reason !== null && (await this.endpoints.disable(tenantId, endpoint.id, reason, manager));
      await this.deliveries.insertAttempt(attempt, manager);
      await this.deliveries.finishAttempt(
        delivery,
        deliveryUpdate(outcome, response, now, nextAttemptAt),
        manager,
      );
      if (!disabled) return null;
      await this.deliveries.cancelPending(tenantId, endpoint.id, manager);
      await this.publisher.publish(tenantId, [endpointDisabledEvent(endpoint, reason)], manager);
      return reason;
    });
    this.metrics.webhookDelivery(outcome.kind);
    this.logger.info(
      {
        deliveryId: delivery.id,
        endpointId: endpoint.id,
        eventId: delivery.eventId,
        attempt: delivery.attempts,
        statusCode: response.statusCode,
        outcome: outcome.kind,
        ms: response.durationMs,
      },
      'Webhook attempt',
    );
    if (disabledFor !== null) {
      this.logger.warn(
        { endpointId: endpoint.id, reason: disabledFor },
        'Webhook endpoint disabled',
      );
      this.publisher.wake();
    }
    return nextAttemptAt;
  }

  /**
   * Null when something reached the endpoint since this delivery's first attempt
   * (the receiver works; this one event is the problem), else why it is disabled.
   */
  private async exhaustionReason(
    delivery: WebhookDeliveryEntity,
    current: AttemptRecord,
    manager: EntityManager,
  ): Promise<string | null> {
    const earlier = await this.deliveries.attemptsOf(delivery.tenantId, [delivery.id], manager);
    const all = [...earlier.filter((a) => a.attempt !== current.attempt), current];
    const firstAt = new Date(Math.min(...all.map((a) => a.startedAt.getTime())));
    if (
      await this.deliveries.succeededSince(delivery.tenantId, delivery.endpointId, firstAt, manager)
    ) {
      return null;
    }
    return (
      `All ${all.length} attempts of delivery ${delivery.id} failed (${summarizeFailures(all)}) ` +
      `and nothing was delivered to this endpoint since ${firstAt.toISOString()}.`
    );
  }
}

function deliveryUpdate(
  outcome: DeliveryOutcome,
  response: WebhookResponse,
  now: Date,
  nextAttemptAt: Date | null,
): DeliveryUpdate {
  const lastStatusCode = response.statusCode;
  switch (outcome.kind) {
    case 'succeeded':
      return {
        status: 'succeeded',
        deliveredAt: now,
        nextAttemptAt: null,
        lastStatusCode,
        lastError: null,
      };
    case 'gone':
      return {
        status: 'failed',
        nextAttemptAt: null,
        lastStatusCode,
        lastError: 'HTTP 410 (endpoint gone)',
      };
    case 'retry':
      return { status: 'pending', nextAttemptAt, lastStatusCode, lastError: outcome.error };
    case 'exhausted':
      return { status: 'failed', nextAttemptAt: null, lastStatusCode, lastError: outcome.error };
  }
}

/** The promise's value, or `fallback` when it takes longer than `ms` (getaddrinfo has no timeout). */
function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
