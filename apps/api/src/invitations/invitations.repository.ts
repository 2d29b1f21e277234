import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { FranchiseInvitationEntity } from './franchise-invitation.entity';

@Injectable()
export class InvitationsRepository {
  constructor(
    @InjectRepository(FranchiseInvitationEntity)
    private readonly repo: Repository<FranchiseInvitationEntity>,
  ) {}

  /** Deliberately not tenant-scoped: the hash is how the tenant is found. */
  findUsableByHash(tokenHash: string, now: Date): Promise<FranchiseInvitationEntity | null> {
    return this.repo.findOneBy({ tokenHash, revokedAt: IsNull(), expiresAt: MoreThan(now) });
  }

  create(
    tenantId: string,
    values: Pick<
      FranchiseInvitationEntity,
      'franchiseId' | 'note' | 'tokenHash' | 'hint' | 'expiresAt'
    >,
  ): Promise<FranchiseInvitationEntity> {
    return this.repo.save(this.repo.create({ ...values, tenantId, revokedAt: null }));
  }

  listForFranchise(tenantId: string, franchiseId: string): Promise<FranchiseInvitationEntity[]> {
    return this.repo.find({
      where: { tenantId, franchiseId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  findForTenant(tenantId: string, id: string): Promise<FranchiseInvitationEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  async revoke(tenantId: string, id: string, at: Date): Promise<void> {
    await this.repo.update({ tenantId, id, revokedAt: IsNull() }, { revokedAt: at });
  }
}
