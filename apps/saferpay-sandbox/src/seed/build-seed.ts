import type { SeedData } from '../state/model';
import { readFixtureFile, seedFromFixture } from './fixture';
import { generateSeedData } from './generate-accounts';

export interface SeedSource {
  seed: number;
  accounts: number;
  /** Fixture document (parsed JSON) or path to a fixture file; wins over seed/accounts. */
  fixture?: unknown;
  historyDays?: number;
}

export function buildSeed(source: SeedSource, now: Date): SeedData {
  if (source.fixture !== undefined) {
    const document =
      typeof source.fixture === 'string' ? readFixtureFile(source.fixture) : source.fixture;
    return seedFromFixture(document, { now });
  }
  return generateSeedData({
    seed: source.seed,
    accounts: source.accounts,
    now,
    historyDays: source.historyDays,
  });
}
