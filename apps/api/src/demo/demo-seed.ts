import type { INestApplication } from '@nestjs/common';
import { FranchisesService } from '@api/franchises/franchises.service';
import { TenantsService } from '@api/tenants/tenants.service';

export const DEMO_TENANT = 'Demo Integrator';

const DEMO_FRANCHISES = [
  { name: 'Pizza Nord AG', externalRef: 'FR-0001', contactEmail: 'ops@pizza-nord.example' },
  { name: 'Velo Zentrum GmbH', externalRef: 'FR-0002', contactEmail: 'it@velo-zentrum.example' },
  { name: 'Café Léman SA', externalRef: 'FR-0003', contactEmail: null },
];

/**
 * Ensures the demo tenant with some franchises exists and issues a fresh
 * operator key for this start (earlier keys stay valid until revoked).
 */
export async function seedDemo(
  app: INestApplication,
): Promise<{ tenantId: string; operatorKey: string }> {
  const tenants = app.get(TenantsService);
  const existing = await tenants.findByName(DEMO_TENANT);
  if (existing) {
    const key = await tenants.issueOperatorKey(
      existing.id,
      `demo start ${new Date().toISOString()}`,
    );
    return { tenantId: existing.id, operatorKey: key.token };
  }
  const { tenant, operatorKey } = await tenants.bootstrap(DEMO_TENANT, 'demo start');
  const franchises = app.get(FranchisesService);
  for (const franchise of DEMO_FRANCHISES) await franchises.create(tenant.id, franchise);
  return { tenantId: tenant.id, operatorKey: operatorKey.token };
}
