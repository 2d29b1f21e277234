import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { ComplianceService } from '@api/compliance/compliance.service';
import { FranchisesService } from '@api/franchises/franchises.service';
import { MerchantAccountsService } from '@api/merchant-accounts/merchant-accounts.service';
import { TenantsService } from '@api/tenants/tenants.service';

export const DEMO_TENANT = 'Demo Integrator';

const DEMO_FRANCHISES = [
  { name: 'Pizza Nord AG', externalRef: 'FR-0001', contactEmail: 'ops@pizza-nord.example' },
  { name: 'Velo Zentrum GmbH', externalRef: 'FR-0002', contactEmail: 'it@velo-zentrum.example' },
  { name: 'Café Léman SA', externalRef: 'FR-0003', contactEmail: null },
];

/** What the first demo franchise requires: the demo accounts meet it in different degrees. */
const DEMO_POLICY = {
  requiredPaymentMethods: [
    { paymentMethod: 'VISA', currencies: ['CHF'], terminalType: 'ECOM' },
    { paymentMethod: 'TWINT', currencies: ['CHF'], terminalType: 'ECOM' },
  ],
  requiredWallets: [{ wallet: 'APPLEPAY', terminalType: 'ECOM' }],
};

interface DemoAccount {
  customerId: string;
  name: string;
  username: string;
  password: string;
}

/**
 * Ensures the demo tenant with some franchises exists and issues a fresh
 * operator key for this start (earlier keys stay valid until revoked). With a
 * sandbox fixture (`--demo-accounts <file>`), the first franchise also gets its
 * accounts (onboarded in the background) and a policy, so the matrix, compliance
 * and drift checks have something to show.
 */
export async function seedDemo(
  app: INestApplication,
  options: { accountsFixture?: string } = {},
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
  const created = [];
  for (const franchise of DEMO_FRANCHISES)
    created.push(await franchises.create(tenant.id, franchise));
  if (options.accountsFixture) {
    const fixture = JSON.parse(readFileSync(options.accountsFixture, 'utf8')) as {
      accounts: DemoAccount[];
    };
    await app.get(ComplianceService).putPolicy(tenant.id, created[0].id, DEMO_POLICY);
    await app.get(MerchantAccountsService).register(
      tenant.id,
      created[0].id,
      fixture.accounts.map((account) => ({
        customerId: account.customerId,
        environment: 'test' as const,
        label: account.name,
        username: account.username,
        password: account.password,
      })),
    );
  }
  return { tenantId: tenant.id, operatorKey: operatorKey.token };
}
