import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@platform/pagination';
import { keysetPage } from '@api/common/database/keyset-page';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export type WebhookEndpointValues = Pick<
  WebhookEndpointEntity,
  'url' | 'description' | 'eventTypes' | 'status' | 'disabledReason' | 'disabledAt' | 'secrets'
>;

/** Data access only; every method is scoped by the tenant id it is given. */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(
    @InjectRepository(WebhookEndpointEntity)
    private readonly repo: Repository<WebhookEndpointEntity>,
  ) {}

  private repository(manager?: EntityManager): Repository<WebhookEndpointEntity> {
    return manager?.getRepository(WebhookEndpointEntity) ?? this.repo;
  }

  insert(
    tenantId: string,
    id: string,
    values: WebhookEndpointValues,
    manager?: EntityManager,
  ): Promise<WebhookEndpointEntity> {
    const repo = this.repository(manager);
    return repo.save(repo.create({ ...values, id, tenantId }));
  }

  findById(
    tenantId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<WebhookEndpointEntity | null> {
    return this.repository(manager).findOneBy({ tenantId, id });
  }

  /** Reads the row and keeps it locked until the caller's transaction ends (read-modify-write). */
  findForUpdate(
    tenantId: string,
    id: string,
    manager: EntityManager,
  ): Promise<WebhookEndpointEntity | null> {
    return manager
      .getRepository(WebhookEndpointEntity)
      .createQueryBuilder('endpoint')
      .setLock('pessimistic_write')
      .where('endpoint.tenant_id = :tenantId AND endpoint.id = :id', { tenantId, id })
      .getOne();
  }

  /** Oldest first, a page at a time. */
  listPage(
    tenantId: string,
    options: { limit: number; after?: CursorPosition },
  ): Promise<WebhookEndpointEntity[]> {
    const query = this.repo
      .createQueryBuilder('endpoint')
      .where('endpoint.tenant_id = :tenantId', { tenantId });
    return keysetPage(query, options).getMany();
  }

  async update(
    tenantId: string,
    id: string,
    values: Partial<WebhookEndpointValues>,
    manager?: EntityManager,
  ): Promise<WebhookEndpointEntity | null> {
    const result = await this.repository(manager).update({ tenantId, id }, values);
    return result.affected ? this.findById(tenantId, id, manager) : null;
  }

  /**
   * Disables the endpoint if it is still enabled; false when it was not (so two
   * workers that both see a 410 publish one endpoint_disabled event, not two).
   */
  async disable(
    tenantId: string,
    id: string,
    reason: string,
    manager: EntityManager,
  ): Promise<boolean> {
    const result = await manager
      .getRepository(WebhookEndpointEntity)
      .update(
        { tenantId, id, status: 'enabled' },
        { status: 'disabled', disabledReason: reason, disabledAt: () => 'now()' },
      );
    return (result.affected ?? 0) > 0;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const result = await this.repo.delete({ tenantId, id });
    return (result.affected ?? 0) > 0;
  }
}
