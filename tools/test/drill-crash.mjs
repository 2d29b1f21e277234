#!/usr/bin/env node
// Seeded crash drill: runs apps/api/test/hardening/crash-drill.e2e.spec.ts in the PostgreSQL
// pass (a throwaway PostgreSQL 15 cluster started by the Jest globalSetup) with its knobs set.
//
//   npm run build                                        # first: the drill runs dist/
//   npm run drill:crash                                  # defaults: --iterations 8 --seed 7
//   npm run drill:crash -- --iterations 20 --seed 7
//
// Each iteration picks workloads and a kill point from the seed, SIGKILLs the API there,
// restarts it and checks the invariants; a failure prints the seed and iteration to replay.
// Exit code: Jest's (0 when every iteration held), 2 on a usage error (as the bench scripts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, UsageError, err, parseOptions } from '../bench/support.mjs';

const SPEC = 'apps/api/test/hardening/crash-drill.e2e.spec.ts';
const BUILT = [
  'dist/apps/api/apps/api/src/main.js',
  'dist/apps/saferpay-sandbox/apps/saferpay-sandbox/src/main.js',
];
const USAGE = 'usage: npm run drill:crash -- [--iterations 1..500] [--seed 0..2147483647]';

let options;
try {
  options = parseOptions(
    process.argv.slice(2),
    { iterations: 8, seed: 7 },
    { iterations: [1, 500], seed: [0, 2 ** 31 - 1] },
  );
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  err(`drill:crash: ${error.message}`);
  err(USAGE);
  process.exit(2);
}
if (options.help) {
  err(USAGE);
  process.exit(0);
}
const missing = BUILT.filter((path) => !existsSync(join(ROOT, path)));
if (missing.length) {
  err(`drill:crash: ${missing.join(', ')} missing; run \`npm run build\` first`);
  process.exit(1);
}

const jest = createRequire(join(ROOT, 'package.json')).resolve('jest/bin/jest');
const child = spawn(
  process.execPath,
  [jest, '--config', join(ROOT, 'jest.config.js'), '--runTestsByPath', SPEC],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      TEST_DB: 'postgres',
      DRILL_ITERATIONS: String(options.iterations),
      DRILL_SEED: String(options.seed),
    },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
