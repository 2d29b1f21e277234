import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { FranchiseDto } from '@api/franchises/dto/franchise.dto';
import { FranchisesService } from '@api/franchises/franchises.service';
import { TenantsService } from '@api/tenants/tenants.service';

export interface TestTenant {
  tenantId: string;
  /** An operator key of the tenant, ready for `Authorization: Bearer`. */
  operatorKey: string;
}

/** A tenant with its first operator key, through the same service the CLI uses. */
export async function newTenant(
  app: INestApplication,
  name = `Tenant ${randomUUID().slice(0, 8)}`,
): Promise<TestTenant> {
  const { tenant, operatorKey } = await app.get(TenantsService).bootstrap(name);
  return { tenantId: tenant.id, operatorKey: operatorKey.token };
}

export async function newFranchise(
  app: INestApplication,
  tenantId: string,
  overrides: Partial<{
    name: string;
    externalRef: string | null;
    contactEmail: string | null;
  }> = {},
): Promise<FranchiseDto> {
  return app.get(FranchisesService).create(tenantId, {
    name: `Franchise ${randomUUID().slice(0, 8)}`,
    externalRef: null,
    contactEmail: null,
    ...overrides,
  });
}
