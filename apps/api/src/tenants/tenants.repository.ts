import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { TenantEntity } from './tenant.entity';

@Injectable()
export class TenantsRepository {
  constructor(@InjectRepository(TenantEntity) private readonly repo: Repository<TenantEntity>) {}

  create(name: string, manager?: EntityManager): Promise<TenantEntity> {
    const repo = manager?.getRepository(TenantEntity) ?? this.repo;
    return repo.save(repo.create({ name }));
  }

  findByName(name: string): Promise<TenantEntity | null> {
    return this.repo.findOneBy({ name });
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.repo.findOneBy({ id });
  }
}
