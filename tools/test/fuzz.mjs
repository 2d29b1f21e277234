#!/usr/bin/env node
// `npm run fuzz -- [--runs 500] [--seed 42]`: runs only the OpenAPI fuzzing spec
// (apps/api/test/hardening/fuzz.e2e.spec.ts) with FUZZ_RUNS requests per operation and the
// fast-check seed FUZZ_SEED, on PGlite (TEST_DB=postgres in the environment uses the throwaway
// PostgreSQL cluster instead). Run `npm run build` first: the spec starts the built sandbox.
// A failure lists each offending request with its operation, input and the seed to replay it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseOptions, ROOT, UsageError } from '../bench/support.mjs';

const SPEC = 'apps/api/test/hardening/fuzz.e2e.spec.ts';
const SANDBOX_MAIN = 'dist/apps/saferpay-sandbox/apps/saferpay-sandbox/src/main.js';
const USAGE = `Usage: npm run fuzz -- [--runs 60] [--seed 20251125]   (the defaults)
  --runs  requests generated per operation (1 to 100000)
  --seed  fast-check seed (0 to 2147483647); the same seed and runs send the same requests
Run \`npm run build\` first. TEST_DB=postgres fuzzes against a real PostgreSQL 15.`;

let options;
try {
  options = parseOptions(
    process.argv.slice(2),
    // Unset: the spec's defaults (DEFAULT_RUNS, DEFAULT_SEED in test/hardening/support/fuzz.ts).
    { runs: undefined, seed: undefined },
    { runs: [1, 100_000], seed: [0, 2_147_483_647] },
  );
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!existsSync(join(ROOT, SANDBOX_MAIN))) {
  process.stderr.write(`${SANDBOX_MAIN} is missing: run \`npm run build\` first.\n`);
  process.exit(2);
}

const jest = createRequire(join(ROOT, 'package.json')).resolve('jest/bin/jest');
// A generous test timeout: 500 runs per operation take minutes.
const timeoutMs = Math.max(600_000, (options.runs ?? 0) * 75 * 200);
const result = spawnSync(
  process.execPath,
  [jest, '--runTestsByPath', SPEC, `--testTimeout=${timeoutMs}`],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      TEST_DB: process.env.TEST_DB ?? 'pglite',
      ...(options.runs !== undefined ? { FUZZ_RUNS: String(options.runs) } : {}),
      ...(options.seed !== undefined ? { FUZZ_SEED: String(options.seed) } : {}),
      FUZZ_TIMEOUT_MS: String(timeoutMs),
    },
  },
);
process.exit(result.status ?? 1);
