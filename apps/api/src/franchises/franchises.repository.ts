import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { CursorPosition } from '@platform/pagination';
import { keysetPage } from '@api/common/database/keyset-page';
import { FranchiseEntity } from './franchise.entity';

export type FranchiseValues = Pick<FranchiseEntity, 'name' | 'externalRef' | 'contactEmail'>;

/** Data access only; every method is scoped by the tenant id it is given. */
@Injectable()
export class FranchisesRepository {
  constructor(
    @InjectRepository(FranchiseEntity) private readonly repo: Repository<FranchiseEntity>,
  ) {}

  insert(tenantId: string, values: FranchiseValues): Promise<FranchiseEntity> {
    return this.repo.save(this.repo.create({ ...values, tenantId }));
  }

  findById(tenantId: string, id: string): Promise<FranchiseEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  /** One page in (createdAt, id) order; fetches `limit + 1` rows so the caller can tell if more exist. */
  listPage(
    tenantId: string,
    options: { limit: number; after?: CursorPosition; search?: string },
  ): Promise<FranchiseEntity[]> {
    const query = this.repo
      .createQueryBuilder('franchise')
      .where('franchise.tenant_id = :tenantId', { tenantId });
    if (options.search) {
      query.andWhere("franchise.name ILIKE :search ESCAPE '\\'", {
        search: `%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    return keysetPage(query, { limit: options.limit, after: options.after }).getMany();
  }

  async update(
    tenantId: string,
    id: string,
    values: Partial<FranchiseValues>,
  ): Promise<FranchiseEntity | null> {
    const result = await this.repo.update({ tenantId, id }, values);
    return result.affected ? this.findById(tenantId, id) : null;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const result = await this.repo.delete({ tenantId, id });
    return (result.affected ?? 0) > 0;
  }
}
