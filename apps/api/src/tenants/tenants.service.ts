import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OperatorKeysService } from '@api/auth/operator-keys.service';
import type { IssuedOperatorKeyDto } from '@api/auth/dto/operator-key.dto';
import type { TenantEntity } from './tenant.entity';
import { TenantsRepository } from './tenants.repository';

export interface BootstrappedTenant {
  tenant: TenantEntity;
  operatorKey: IssuedOperatorKeyDto;
}

/** Tenants are created out of band (CLI, demo seed), never through the public API. */
@Injectable()
export class TenantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantsRepository,
    private readonly operatorKeys: OperatorKeysService,
  ) {}

  /** Creates a tenant and its first operator key atomically. */
  bootstrap(name: string, keyName = 'bootstrap'): Promise<BootstrappedTenant> {
    return this.dataSource.transaction(async (manager) => {
      const tenant = await this.tenants.create(name, manager);
      const operatorKey = await this.operatorKeys.issue(tenant.id, keyName, manager);
      return { tenant, operatorKey };
    });
  }

  findByName(name: string): Promise<TenantEntity | null> {
    return this.tenants.findByName(name);
  }

  /** A fresh key for an existing tenant (used by the demo start to print a usable key). */
  issueOperatorKey(tenantId: string, keyName: string): Promise<IssuedOperatorKeyDto> {
    return this.operatorKeys.issue(tenantId, keyName);
  }
}
