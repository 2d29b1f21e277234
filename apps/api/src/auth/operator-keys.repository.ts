import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import { OperatorKeyEntity } from './operator-key.entity';

@Injectable()
export class OperatorKeysRepository {
  constructor(
    @InjectRepository(OperatorKeyEntity) private readonly repo: Repository<OperatorKeyEntity>,
  ) {}

  /** Deliberately not tenant-scoped: the hash is how the tenant is found. */
  findActiveByHash(tokenHash: string): Promise<OperatorKeyEntity | null> {
    return this.repo.findOneBy({ tokenHash, revokedAt: IsNull() });
  }

  create(
    tenantId: string,
    values: Pick<OperatorKeyEntity, 'name' | 'tokenHash' | 'hint'>,
    manager?: EntityManager,
  ): Promise<OperatorKeyEntity> {
    const repo = manager?.getRepository(OperatorKeyEntity) ?? this.repo;
    return repo.save(repo.create({ ...values, tenantId, revokedAt: null }));
  }

  listForTenant(tenantId: string): Promise<OperatorKeyEntity[]> {
    return this.repo.find({ where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findForTenant(tenantId: string, id: string): Promise<OperatorKeyEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  async revoke(tenantId: string, id: string, at: Date): Promise<void> {
    await this.repo.update({ tenantId, id, revokedAt: IsNull() }, { revokedAt: at });
  }
}
