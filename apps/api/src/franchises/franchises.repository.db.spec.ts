import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { loadConfig } from '@api/config/app-config';
import { dataSourceOptions } from '@api/database/data-source-options';
import { runMigrations } from '@api/database/migrations-on-startup';
import { violatedUniqueConstraint } from '@api/common/database/unique-violation';
import { TenantEntity } from '@api/tenants/tenant.entity';
import { FranchiseEntity } from './franchise.entity';
import { FranchisesRepository } from './franchises.repository';

describe('FranchisesRepository (real database)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: FranchisesRepository;
  let tenantA: string;
  let tenantB: string;

  const newTenantId = async (name: string) =>
    (await dataSource.getRepository(TenantEntity).save({ name })).id;
  const newFranchise = (tenantId: string, name: string, externalRef: string | null = null) =>
    repository.insert(tenantId, { name, externalRef, contactEmail: null });

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
    repository = new FranchisesRepository(dataSource.getRepository(FranchiseEntity));
    tenantA = await newTenantId('A');
    tenantB = await newTenantId('B');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('scopes reads, updates and deletes to the tenant', async () => {
    const franchise = await newFranchise(tenantA, 'Scoped');
    expect(await repository.findById(tenantB, franchise.id)).toBeNull();
    expect(await repository.update(tenantB, franchise.id, { name: 'Hijacked' })).toBeNull();
    expect(await repository.delete(tenantB, franchise.id)).toBe(false);
    expect((await repository.findById(tenantA, franchise.id))?.name).toBe('Scoped');
  });

  it('pages in creation order with a keyset cursor and escapes LIKE wildcards in search', async () => {
    const tenant = await newTenantId('paging');
    const names = ['100% Pizza', 'Burger_King', 'Curry House', 'Döner Express'];
    for (const [i, name] of names.entries()) {
      const { id } = await newFranchise(tenant, name);
      // Distinct creation times: rows created within one millisecond are ordered by id instead.
      await dataSource.query('UPDATE franchises SET created_at = $1 WHERE id = $2', [
        new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        id,
      ]);
    }
    const first = await repository.listPage(tenant, { limit: 2 });
    expect(first.map((f) => f.name)).toEqual(['100% Pizza', 'Burger_King', 'Curry House']);
    const second = await repository.listPage(tenant, {
      limit: 2,
      after: { createdAt: first[1].createdAt.toISOString(), id: first[1].id },
    });
    expect(second.map((f) => f.name)).toEqual(['Curry House', 'Döner Express']);
    expect(
      (await repository.listPage(tenant, { limit: 10, search: '%' })).map((f) => f.name),
    ).toEqual(['100% Pizza']);
    expect(
      (await repository.listPage(tenant, { limit: 10, search: '_' })).map((f) => f.name),
    ).toEqual(['Burger_King']);
    expect(
      (await repository.listPage(tenant, { limit: 10, search: 'döner' })).map((f) => f.name),
    ).toEqual(['Döner Express']);
  });

  it('enforces unique names and external refs per tenant only', async () => {
    await newFranchise(tenantA, 'Twin', 'T-1');
    const duplicate = await newFranchise(tenantA, 'Twin').catch((error: unknown) => error);
    expect(violatedUniqueConstraint(duplicate)).toBe('uq_franchises_tenant_name');
    const duplicateRef = await newFranchise(tenantA, 'Other twin', 'T-1').catch(
      (error: unknown) => error,
    );
    expect(violatedUniqueConstraint(duplicateRef)).toBe('uq_franchises_tenant_external_ref');
    await expect(newFranchise(tenantB, 'Twin', 'T-1')).resolves.toMatchObject({
      tenantId: tenantB,
    });
  });
});
