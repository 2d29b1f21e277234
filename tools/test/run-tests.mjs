#!/usr/bin/env node
// `npm test`: runs Jest in two passes and prints a machine-readable summary.
//
//   1. TEST_DB=pglite   – every test; database tests use in-memory PGlite.
//   2. TEST_DB=postgres – only database tests (`*.db.spec.ts` and apps/api/test/**) against a
//      throwaway PostgreSQL 15 cluster started by the Jest globalSetup in libs/testing.
//      Skipped (not counted) when PostgreSQL 15 is not installed, except with CI=true where
//      it is installed via apt-get or the run fails.
//
// Extra arguments are passed to Jest in both passes (`npm test -- franchises -t "lists"`);
// in pass 2 path patterns are combined with the database-test filter (both must match).
// The last line of output is always `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromRoot = createRequire(join(repoRoot, 'package.json'));
const isCi = process.env.CI === 'true';

const DB_TEST_PATTERN = String.raw`\.db\.spec\.ts$|apps/api/test/`;
const DEFAULT_PG_BIN_DIR = '/usr/lib/postgresql/15/bin';
const PG_BINARIES = ['initdb', 'pg_ctl', 'postgres'];
const SKIP_MESSAGE =
  'skipped: PostgreSQL 15 not installed (install postgresql-15 to run the real-server pass)';

const log = (line = '') => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// Jest invocation

function findJestConfig() {
  for (const name of [
    'jest.config.ts',
    'jest.config.cts',
    'jest.config.js',
    'jest.config.cjs',
    'jest.config.mjs',
  ]) {
    const candidate = join(repoRoot, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function canResolve(id) {
  try {
    requireFromRoot.resolve(id);
    return true;
  } catch {
    return false;
  }
}

/**
 * Jest loads `jest.config.ts` with ts-node unless Node strips types natively (22.18+). When
 * neither is available, compile the config here with @swc/core and hand it to Jest as a JSON
 * `--config` (rootDir pinned to the config's directory). Otherwise pass the path through.
 */
function jestConfigArg(configPath) {
  const needsLoader = /\.[cm]?ts$/.test(configPath) && !process.features?.typescript;
  const source = needsLoader ? readFileSync(configPath, 'utf8') : '';
  if (!needsLoader || canResolve('ts-node') || /@jest-config-loader/.test(source)) {
    return configPath;
  }
  const { transformSync } = requireFromRoot('@swc/core');
  const { code } = transformSync(source, {
    filename: configPath,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const mod = new Module(configPath);
  mod.filename = configPath;
  mod.paths = Module._nodeModulePaths(dirname(configPath));
  mod._compile(code, configPath);
  const exported = mod.exports?.default ?? mod.exports;
  const config = typeof exported === 'function' ? exported() : exported;
  if (config && typeof config.then === 'function') {
    throw new Error(`${configPath}: async config functions need ts-node or native TypeScript`);
  }
  const rootDir = config.rootDir
    ? resolve(dirname(configPath), config.rootDir)
    : dirname(configPath);
  return JSON.stringify({ ...config, rootDir });
}

function jestEntry() {
  try {
    return requireFromRoot.resolve('jest/bin/jest');
  } catch {
    return join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');
  }
}

/**
 * Splits user arguments into Jest options (kept as typed) and test path patterns (positional
 * arguments and `--testPathPatterns` values), using jest-cli's own option table to know which
 * options take a value.
 */
function splitJestArgs(args) {
  let table = {};
  try {
    table = requireFromRoot('jest-cli').yargsOptions ?? {};
  } catch {
    // Unknown options are then treated as flags without a value.
  }
  const specs = new Map();
  for (const [name, spec] of Object.entries(table)) {
    specs.set(name, { name, ...spec });
    for (const alias of [spec.alias ?? []].flat()) specs.set(alias, { name, ...spec });
  }
  const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  const lookup = (name) => specs.get(name) ?? specs.get(camel(name));

  const options = [];
  const patterns = [];
  let pathsAreFiles = false; // --findRelatedTests / --runTestsByPath: positionals are files
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      patterns.push(...args.slice(i + 1));
      break;
    }
    const match = /^--?([^=]+)(=.*)?$/.exec(arg);
    if (!match || arg === '-') {
      patterns.push(arg);
      continue;
    }
    const [, rawName, inlineValue] = match;
    const negated = rawName.startsWith('no-');
    const spec = lookup(negated ? rawName.slice(3) : rawName);
    if (spec?.name === 'findRelatedTests' || spec?.name === 'runTestsByPath') pathsAreFiles = true;
    const takesValue =
      !negated && inlineValue === undefined && spec !== undefined && spec.type !== 'boolean';
    const values = [];
    if (takesValue) {
      if (spec.type === 'array') {
        while (i + 1 < args.length && !args[i + 1].startsWith('-')) values.push(args[++i]);
      } else if (i + 1 < args.length) {
        values.push(args[++i]);
      }
    }
    if (spec?.name === 'testPathPatterns') {
      if (inlineValue !== undefined) patterns.push(inlineValue.slice(1));
      patterns.push(...values);
      continue;
    }
    options.push(arg, ...values);
  }
  return { options, patterns, pathsAreFiles };
}

function isValidRegex(source) {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

/** Pass-2 arguments: user options plus path patterns that also require a database test. */
function databasePassArgs(userArgs) {
  const { options, patterns, pathsAreFiles } = splitJestArgs(userArgs);
  if (pathsAreFiles) return [...userArgs, '--testPathPatterns', DB_TEST_PATTERN];
  const valid = patterns.filter(isValidRegex);
  const combined =
    valid.length === 0
      ? [DB_TEST_PATTERN]
      : valid.map((p) => `^(?=.*(?:${p}))(?=.*(?:${DB_TEST_PATTERN}))`);
  return [...options, '--testPathPatterns', ...combined];
}

let interrupted = false;
let activeChild;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = true;
    // Ctrl-C already reached Jest through the terminal's process group; forward the rest.
    if (activeChild && signal !== 'SIGINT') activeChild.kill(signal);
  });
}

function runJest(pass, extraArgs, env, outputFile) {
  const args = [
    jestEntry(),
    '--config',
    pass.config,
    '--json',
    `--outputFile=${outputFile}`,
    ...(isCi ? ['--ci'] : []),
    ...extraArgs,
  ];
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['inherit', 'inherit', 'inherit'],
    });
    activeChild = child;
    child.on('error', (error) => {
      activeChild = undefined;
      process.stderr.write(`run-tests: could not start Jest: ${error.message}\n`);
      resolvePromise({ code: 1, signal: null });
    });
    child.on('close', (code, signal) => {
      activeChild = undefined;
      resolvePromise({ code, signal });
    });
  });
}

function readJestJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Counts of one pass; suites that failed to run (or failed outside a test) count as failed. */
function summarize(result, exit) {
  if (!result) {
    return {
      passed: 0,
      failed: 1,
      suites: 0,
      note: `Jest produced no results (exit code ${exit.code ?? exit.signal})`,
    };
  }
  const passed = Number(result.numPassedTests ?? 0);
  const failedTests = Number(result.numFailedTests ?? 0);
  const brokenSuites = (result.testResults ?? []).filter(
    (suite) =>
      Number(suite.numFailingTests ?? 0) === 0 &&
      ((suite.failureMessage ?? '').trim() !== '' || suite.testExecError != null),
  ).length;
  let failed = failedTests + Math.max(brokenSuites, Number(result.numRuntimeErrorTestSuites ?? 0));
  const notes = [];
  if (brokenSuites > 0) notes.push(`${brokenSuites} suite(s) failed to run`);
  if (failed === 0 && exit.code !== 0) {
    failed = 1;
    notes.push(`Jest exited with code ${exit.code ?? exit.signal}`);
  }
  return {
    passed,
    failed,
    suites: Number(result.numTotalTestSuites ?? 0),
    note: notes.join('; '),
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL availability (mirrors libs/testing/src/postgres-cluster.ts)

function pgBinDir() {
  const fromEnv = process.env.PG_BIN_DIR?.trim();
  return fromEnv ? fromEnv : DEFAULT_PG_BIN_DIR;
}

function missingPgBinaries() {
  return PG_BINARIES.filter((name) => !existsSync(join(pgBinDir(), name)));
}

function aptInstall(pkg) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const stdio = ['ignore', 2, 2];
  if (spawnSync('apt-get', ['update'], { stdio, env }).status !== 0) return false;
  return (
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio, env })
      .status === 0
  );
}

function postgresAvailable() {
  if (missingPgBinaries().length === 0) return true;
  if (!isCi) return false;
  log(`run-tests: PostgreSQL binaries missing in ${pgBinDir()}; CI=true, installing postgresql-15`);
  // `postgresql` (the distribution's default version) only if postgresql-15 is not packaged.
  if (!aptInstall('postgresql-15')) aptInstall('postgresql');
  return missingPgBinaries().length === 0;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const userArgs = process.argv.slice(2);
  const config = findJestConfig();
  const outDir = mkdtempSync(join(tmpdir(), 'run-tests-'));
  const passes = [];
  let exitCode = 0;

  const finish = () => {
    rmSync(outDir, { recursive: true, force: true });
    log();
    log('Test passes:');
    let passed = 0;
    let failed = 0;
    for (const pass of passes) {
      passed += pass.passed ?? 0;
      failed += pass.failed ?? 0;
      const counts = pass.skipped
        ? pass.skipped
        : `${pass.passed} passed, ${pass.failed} failed (${pass.suites} suites)`;
      log(`  ${pass.name.padEnd(8)} ${counts}${pass.note ? ` – ${pass.note}` : ''}`);
    }
    if (failed > 0 && exitCode === 0) exitCode = 1;
    log(`${passed} passed, ${failed} failed`);
    return exitCode;
  };

  let configArg;
  try {
    if (!config) throw new Error(`no jest.config.{ts,js,cjs,mjs} in ${repoRoot}`);
    configArg = jestConfigArg(config);
  } catch (error) {
    process.stderr.write(`run-tests: ${error instanceof Error ? error.message : String(error)}\n`);
    passes.push({
      name: 'setup',
      passed: 0,
      failed: 1,
      suites: 0,
      note: 'Jest config not loadable',
    });
    return finish();
  }

  const runPass = async (name, extraArgs, { allowEmpty }) => {
    log(`\n=== Test pass ${passes.length + 1}: TEST_DB=${name} ===`);
    const outputFile = join(outDir, `${name}.json`);
    const exit = await runJest({ config: configArg }, extraArgs, { TEST_DB: name }, outputFile);
    const result = readJestJson(outputFile);
    const summary = { name, ...summarize(result, exit) };
    if (summary.passed + summary.failed === 0 && result) {
      if (allowEmpty) {
        summary.note = 'no database tests match the given arguments';
      } else {
        summary.note = 'ran zero tests';
        exitCode = 1;
      }
    }
    passes.push(summary);
  };

  await runPass('pglite', userArgs, { allowEmpty: false });

  if (!interrupted) {
    if (postgresAvailable()) {
      // With a user filter it is fine for no database test to match it.
      const filtered = userArgs.length > 0;
      const args = [...databasePassArgs(userArgs), ...(filtered ? ['--passWithNoTests'] : [])];
      await runPass('postgres', args, { allowEmpty: filtered });
    } else if (isCi) {
      const reason = `PostgreSQL 15 not installed in ${pgBinDir()} and apt-get install failed (CI=true)`;
      process.stderr.write(`run-tests: ${reason}\n`);
      passes.push({ name: 'postgres', passed: 0, failed: 1, suites: 0, note: reason });
    } else {
      log(`\n=== Test pass 2: TEST_DB=postgres ===\n${SKIP_MESSAGE}`);
      passes.push({ name: 'postgres', skipped: SKIP_MESSAGE });
    }
  }

  if (interrupted) {
    exitCode = 130;
    passes.push({ name: 'run', passed: 0, failed: 0, suites: 0, note: 'interrupted' });
  }
  return finish();
}

process.exitCode = await main();
