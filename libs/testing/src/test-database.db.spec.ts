import { Pool } from 'pg';
import { createTestDatabase, testDatabaseMode, type TestDatabase } from './test-database';

// Runs in whatever mode TEST_DB selects (pglite by default, postgres in the real-server pass).
describe(`createTestDatabase (${testDatabaseMode()})`, () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    // max 1: PGlite is single-session (harmless on a real server).
    pool = new Pool({ connectionString: database.url, max: 1 });
  }, 60_000);

  afterAll(async () => {
    await pool?.end();
    await database?.dispose();
  });

  it('reports the selected mode', () => {
    expect(database.mode).toBe(testDatabaseMode());
    expect(database.url).toMatch(/^postgres:\/\/postgres(:[^@]*)?@127\.0\.0\.1:\d+\/\w+$/);
  });

  it('answers SELECT 1', async () => {
    const result = await pool.query<{ one: number }>('SELECT 1 AS one');
    expect(result.rows).toEqual([{ one: 1 }]);
  });

  it('creates a table, inserts and selects rows', async () => {
    await pool.query('CREATE TABLE widget (id serial PRIMARY KEY, name text NOT NULL)');
    await pool.query('INSERT INTO widget (name) VALUES ($1), ($2)', ['alpha', 'beta']);
    const result = await pool.query<{ id: number; name: string }>(
      'SELECT id, name FROM widget ORDER BY id',
    );
    expect(result.rows).toEqual([
      { id: 1, name: 'alpha' },
      { id: 2, name: 'beta' },
    ]);
  });
});
