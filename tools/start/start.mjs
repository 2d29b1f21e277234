#!/usr/bin/env node
// `npm start`: runs the built Saferpay sandbox (demo fixture) and the API with demo data,
// side by side, until Ctrl-C. Each keeps its own output; a failure of either stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const apiMain = join(root, 'dist/apps/api/apps/api/src/main.js');
const sandboxMain = join(root, 'dist/apps/saferpay-sandbox/apps/saferpay-sandbox/src/main.js');
for (const file of [apiMain, sandboxMain]) {
  if (!existsSync(file)) {
    process.stderr.write(`${file} is missing: run npm run build first.\n`);
    process.exit(1);
  }
}

const sandboxPort = process.env.SANDBOX_PORT ?? '8090';
const children = [
  spawn(
    process.execPath,
    [
      sandboxMain,
      '--fixture',
      join(root, 'apps/saferpay-sandbox/fixtures/demo.json'),
      '--port',
      sandboxPort,
    ],
    { stdio: 'inherit', env: process.env },
  ),
  spawn(
    process.execPath,
    [
      apiMain,
      '--demo',
      // The sandbox's demo accounts, registered (and onboarded) on the first start.
      '--demo-accounts',
      join(root, 'apps/saferpay-sandbox/fixtures/demo.json'),
    ],
    {
      stdio: 'inherit',
      // The demo talks to the sandbox for both environments, unless the user says otherwise.
      env: {
        SAFERPAY_TEST_BASE_URL: `http://127.0.0.1:${sandboxPort}/api`,
        SAFERPAY_LIVE_BASE_URL: `http://127.0.0.1:${sandboxPort}/api`,
        ...process.env,
      },
    },
  ),
];

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(
    children.map((child) =>
      child.exitCode !== null ? null : new Promise((r) => child.once('exit', r)),
    ),
  ).then(() => process.exit(code));
}
for (const child of children) {
  child.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(
        `A process stopped (${signal ?? `exit ${code}`}); stopping the others.\n`,
      );
      stopAll(code ?? 1);
    }
  });
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
