import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import type { CapabilityPolicy } from '@platform/capabilities';
import { FranchisePolicyEntity } from './franchise-policy.entity';

export interface StoredPolicy {
  policy: CapabilityPolicy;
  version: number;
  updatedAt: Date | null;
}

/** Data access only; every method is scoped by the tenant id it is given. */
@Injectable()
export class PoliciesRepository {
  constructor(
    @InjectRepository(FranchisePolicyEntity)
    private readonly repo: Repository<FranchisePolicyEntity>,
  ) {}

  private repository(manager?: EntityManager): Repository<FranchisePolicyEntity> {
    return manager?.getRepository(FranchisePolicyEntity) ?? this.repo;
  }

  async find(
    tenantId: string,
    franchiseId: string,
    manager?: EntityManager,
  ): Promise<StoredPolicy | null> {
    const row = await this.repository(manager).findOneBy({ tenantId, franchiseId });
    return row
      ? {
          policy: row.policy as unknown as CapabilityPolicy,
          version: row.version,
          updatedAt: row.updatedAt,
        }
      : null;
  }

  /**
   * Writes the policy with the next version. The row lock (FOR UPDATE) makes concurrent
   * writers of one franchise take turns, so versions never repeat.
   */
  async save(
    tenantId: string,
    franchiseId: string,
    policy: CapabilityPolicy,
    manager: EntityManager,
  ): Promise<number> {
    const repo = this.repository(manager);
    const current = await repo.findOne({
      where: { tenantId, franchiseId },
      lock: { mode: 'pessimistic_write' },
    });
    const version = (current?.version ?? 0) + 1;
    await repo.save(
      repo.create({
        tenantId,
        franchiseId,
        version,
        policy: policy as unknown as Record<string, unknown>,
      }),
    );
    return version;
  }
}
