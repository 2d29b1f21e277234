import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { loadConfig } from '@api/config/app-config';
import { dataSourceOptions } from '@api/database/data-source-options';
import { runMigrations } from '@api/database/migrations-on-startup';
import { FranchiseEntity } from '@api/franchises/franchise.entity';
import { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';
import { ShopEntity } from '@api/shops/shop.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';
import { FieldsTokenEntity } from './fields-token.entity';
import { FieldsTokensRepository } from './fields-tokens.repository';

describe('FieldsTokensRepository (real database)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: FieldsTokensRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig(
      database.mode === 'postgres'
        ? {
            DATABASE_URL: database.url,
            ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 3).toString('base64')}`,
          }
        : {},
    );
    dataSource = await new DataSource(dataSourceOptions(config, database.url)).initialize();
    await runMigrations(dataSource, config.usesEmbeddedDatabase);
    repository = new FieldsTokensRepository(dataSource.getRepository(FieldsTokenEntity));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  /** A tenant, franchise, account (customer 4242) and shop on terminal 17. */
  async function shopOf(name: string) {
    const tenant = await dataSource.getRepository(TenantEntity).save({ name });
    const franchise = await dataSource
      .getRepository(FranchiseEntity)
      .save({ tenantId: tenant.id, name, externalRef: null, contactEmail: null });
    const account = await dataSource.getRepository(MerchantAccountEntity).save({
      id: randomUUID(),
      tenantId: tenant.id,
      franchiseId: franchise.id,
      customerId: '4242',
      environment: 'test' as const,
      label: name,
      credentialsCiphertext: 'x',
      state: 'ready' as const,
    });
    const shop = await dataSource.getRepository(ShopEntity).save({
      tenantId: tenant.id,
      franchiseId: franchise.id,
      accountId: account.id,
      terminalId: '17',
      name,
      sourceUrls: ['https://a.example.com/'],
    });
    const intent = () =>
      repository.insert(tenant.id, {
        id: randomUUID(),
        shopId: shop.id,
        accountId: account.id,
        terminalId: '17',
        requestId: randomUUID(),
        description: name,
        sourceUrls: shop.sourceUrls,
        replacesId: null,
      });
    return { tenantId: tenant.id, shop, intent };
  }

  it('scopes reads and transitions to the tenant and moves only from the expected states', async () => {
    const a = await shopOf('A');
    const b = await shopOf('B');
    const token = await a.intent();
    expect(token.state).toBe('provisioning');
    expect(await repository.findById(b.tenantId, token.id)).toBeNull();
    expect(
      await repository.transition(b.tenantId, token.id, ['provisioning'], { state: 'active' }),
    ).toBe(false);
    expect(
      await repository.transition(a.tenantId, token.id, ['active'], { state: 'retiring' }),
    ).toBe(false);
    expect(
      await repository.transition(a.tenantId, token.id, ['provisioning'], { state: 'active' }),
    ).toBe(true);
    expect(
      await repository.transition(a.tenantId, token.id, ['provisioning'], { state: 'failed' }),
    ).toBe(false);
    expect((await repository.findById(a.tenantId, token.id))?.state).toBe('active');
    expect(await repository.listPage(b.tenantId, a.shop.id, { limit: 10 })).toEqual([]);
  });

  it('sees other live tokens on the same Saferpay terminal across tenants', async () => {
    const a = await shopOf('C');
    const b = await shopOf('D');
    const mine = await a.intent();
    // Other tenants' tokens of customer 4242 / terminal 17 exist from the test above.
    expect(await repository.otherLiveOnTerminal(mine, '4242', 'test')).toBe(true);
    expect(await repository.otherLiveOnTerminal(mine, '9999', 'test')).toBe(false);
    const theirs = await b.intent();
    await dataSource.query("UPDATE fields_tokens SET state = 'revoked'");
    await repository.transition(a.tenantId, mine.id, ['revoked'], { state: 'provisioning' });
    expect(await repository.otherLiveOnTerminal(mine, '4242', 'test')).toBe(false);
    expect(theirs.tenantId).toBe(b.tenantId);
  });

  it('deleting the shop keeps its token rows without a shop', async () => {
    const a = await shopOf('E');
    const token = await a.intent();
    await dataSource.getRepository(ShopEntity).delete({ id: a.shop.id });
    expect((await repository.findById(a.tenantId, token.id))?.shopId).toBeNull();
  });
});
