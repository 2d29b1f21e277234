import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toPage } from '@platform/pagination';
import { cursorPosition, PageQueryDto } from '@api/common/http/page-query.dto';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import { AppConfig } from '@api/config/app-config';
import type { EventType } from '@api/events/event.entity';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import {
  CreateWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook-endpoint.dto';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import {
  WebhookEndpointsRepository,
  type WebhookEndpointValues,
} from './webhook-endpoints.repository';
import { rotateWebhookSecrets, sealWebhookSecret } from './webhook-secrets';
import { generateWebhookSecret } from './webhook-signature';
import { WebhookTargetPolicy } from './webhook-target-policy';

export const DISABLED_BY_OPERATOR = 'Disabled by an operator.';

/** Endpoint management; every method is scoped to the caller's tenant (others' ids are 404s). */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly cipher: CredentialCipher,
    private readonly policy: WebhookTargetPolicy,
  ) {}

  /** Creates an enabled endpoint with a fresh signing secret, returned this once. */
  async create(
    tenantId: string,
    input: CreateWebhookEndpointDto,
  ): Promise<WebhookEndpointWithSecretDto> {
    const url = await this.checkTarget(input.url);
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const now = new Date();
    const entity = await this.endpoints.insert(tenantId, id, {
      url,
      description: input.description ?? null,
      eventTypes: distinct(input.eventTypes ?? []),
      status: 'enabled',
      disabledReason: null,
      disabledAt: null,
      secrets: [sealWebhookSecret(this.cipher, id, secret, now)],
    });
    return { endpoint: WebhookEndpointDto.from(entity, now), secret };
  }

  async get(tenantId: string, id: string): Promise<WebhookEndpointDto> {
    const entity = await this.endpoints.findById(tenantId, id);
    if (!entity) throw notFound('Webhook endpoint', id);
    return WebhookEndpointDto.from(entity);
  }

  async list(tenantId: string, query: PageQueryDto): Promise<WebhookEndpointPageDto> {
    const rows = await this.endpoints.listPage(tenantId, {
      limit: query.limit,
      after: cursorPosition(query.cursor),
    });
    const page = toPage(rows, query.limit);
    const now = new Date();
    return {
      items: page.items.map((row) => WebhookEndpointDto.from(row, now)),
      nextCursor: page.nextCursor,
    };
  }

  /** Changes the given fields; disabling cancels pending deliveries, enabling clears the reason. */
  async update(
    tenantId: string,
    id: string,
    input: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointDto> {
    // DNS first, outside the transaction: it may take a while.
    const url = input.url !== undefined ? await this.checkTarget(input.url) : undefined;
    const updated = await this.dataSource.transaction(async (manager) => {
      // The endpoint row is locked before any delivery row (as the dispatcher does).
      const current = await this.endpoints.findForUpdate(tenantId, id, manager);
      if (!current) throw notFound('Webhook endpoint', id);
      const patch: Partial<WebhookEndpointValues> = {};
      if (url !== undefined) patch.url = url;
      if (input.description !== undefined) patch.description = input.description;
      if (input.eventTypes !== undefined) patch.eventTypes = distinct(input.eventTypes);
      if (input.enabled === true && current.status === 'disabled') {
        Object.assign(patch, { status: 'enabled', disabledReason: null, disabledAt: null });
      }
      const disabling = input.enabled === false && current.status === 'enabled';
      if (disabling) {
        Object.assign(patch, {
          status: 'disabled',
          disabledReason: DISABLED_BY_OPERATOR,
          disabledAt: new Date(),
        });
      }
      if (Object.keys(patch).length === 0) return current;
      const entity = await this.endpoints.update(tenantId, id, patch, manager);
      if (disabling) await this.deliveries.cancelPending(tenantId, id, manager);
      return entity ?? current;
    });
    return WebhookEndpointDto.from(updated);
  }

  async delete(tenantId: string, id: string): Promise<void> {
    if (!(await this.endpoints.delete(tenantId, id))) throw notFound('Webhook endpoint', id);
  }

  /**
   * A new current secret, returned this once. The previous one keeps signing
   * (both signatures on every delivery) for WEBHOOK_SECRET_GRACE_HOURS, so
   * receivers can switch without missing a delivery.
   */
  async rotateSecret(tenantId: string, id: string): Promise<WebhookEndpointWithSecretDto> {
    const secret = generateWebhookSecret();
    const now = new Date();
    const entity = await this.dataSource.transaction(async (manager) => {
      const current = await this.endpoints.findForUpdate(tenantId, id, manager);
      if (!current) throw notFound('Webhook endpoint', id);
      const secrets = rotateWebhookSecrets(
        current.secrets,
        sealWebhookSecret(this.cipher, id, secret, now),
        now,
        this.config.WEBHOOK_SECRET_GRACE_HOURS * 3_600_000,
      );
      return this.endpoints.update(tenantId, id, { secrets }, manager);
    });
    if (!entity) throw notFound('Webhook endpoint', id);
    return { endpoint: WebhookEndpointDto.from(entity, now), secret };
  }

  /** The URL as it will be stored, or a 422 that says why it may not be used. */
  private async checkTarget(raw: string): Promise<string> {
    const decision = await this.policy.check(raw);
    if (!decision.ok) {
      throw new ProblemException('webhookTargetRefused', decision.reason, [
        { pointer: '/url', detail: decision.reason },
      ]);
    }
    return decision.url.href;
  }
}

function distinct(types: readonly EventType[]): EventType[] {
  return [...new Set(types)];
}
