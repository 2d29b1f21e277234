#!/usr/bin/env node
// `npm run docker:check`: lints what can be linted without a Docker engine or a cluster.
// - every YAML file under docker/ parses (and `docker compose config` / `docker-compose config`
//   or `yamllint` run too when installed);
// - the compose file's services, dependencies and health checks hang together;
// - each Kubernetes object has apiVersion/kind/name, Deployments have both probes, and the
//   kustomization lists files that exist;
// - each Dockerfile pins its base images, ends as a non-root USER, has a HEALTHCHECK and an
//   exec-form CMD (the hadolint rules that matter here; hadolint itself is not packaged for Debian).
// Prints one line per check and exits 1 when any fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dockerDir = join(root, 'docker');
let failures = 0;
const check = (ok, what) => {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
  if (!ok) failures += 1;
};
const note = (what) => process.stdout.write(`--   ${what}\n`);

function yamlDocs(file) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const errors = docs.flatMap((doc) => doc.errors.map((error) => error.message));
  check(
    errors.length === 0,
    `${file.slice(root.length + 1)} parses${errors.length ? `: ${errors[0]}` : ''}`,
  );
  return docs.map((doc) => doc.toJS());
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

// Compose ----------------------------------------------------------------------------------
const composeFile = join(dockerDir, 'docker-compose.yml');
const [compose] = yamlDocs(composeFile);
const services = compose?.services ?? {};
for (const [name, service] of Object.entries(services)) {
  check(Boolean(service.image || service.build), `compose: ${name} has an image or a build`);
  for (const dependency of Object.keys(service.depends_on ?? {})) {
    check(
      dependency in services,
      `compose: ${name} depends on an existing service (${dependency})`,
    );
    const condition = service.depends_on[dependency]?.condition;
    if (condition === 'service_healthy') {
      const target = services[dependency];
      const dockerfile = target?.build?.dockerfile;
      const healthy =
        Boolean(target?.healthcheck) ||
        (dockerfile &&
          readFileSync(join(dockerDir, '..', dockerfile), 'utf8').includes('HEALTHCHECK'));
      check(Boolean(healthy), `compose: ${dependency} has a health check (${name} waits for it)`);
    }
  }
}
check((services.api?.deploy?.replicas ?? 1) >= 2, 'compose: the API runs as two or more replicas');
// `docker compose` (the plugin) or the standalone docker-compose; either validates without an engine.
const composePlugin =
  has('docker') && spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
const composeCli = composePlugin
  ? ['docker', 'compose']
  : has('docker-compose')
    ? ['docker-compose']
    : null;
if (composeCli) {
  const env = {
    ...process.env,
    ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  };
  const result = spawnSync(
    composeCli[0],
    [...composeCli.slice(1), '-f', composeFile, 'config', '-q'],
    { env, encoding: 'utf8' },
  );
  check(
    result.status === 0,
    `${composeCli.join(' ')} config accepts the compose file${result.status ? `: ${result.stderr.trim()}` : ''}`,
  );
} else {
  note('docker compose / docker-compose not installed: compose schema not checked by Docker');
}

// Kubernetes -------------------------------------------------------------------------------
const k8sDir = join(dockerDir, 'k8s');
const kustomization = yamlDocs(join(k8sDir, 'kustomization.yaml'))[0];
for (const resource of kustomization.resources ?? []) {
  check(existsSync(join(k8sDir, resource)), `k8s: kustomization resource ${resource} exists`);
}
for (const file of readdirSync(k8sDir).filter(
  (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml',
)) {
  for (const object of yamlDocs(join(k8sDir, file))) {
    const name = object?.metadata?.name;
    check(
      Boolean(object?.apiVersion && object?.kind && name),
      `k8s: ${file} object has apiVersion, kind and name`,
    );
    const pod = object?.spec?.template?.spec;
    for (const container of pod?.containers ?? []) {
      check(
        !/:latest$/.test(container.image),
        `k8s: ${name}/${container.name} image is not :latest`,
      );
      if (object.kind === 'Deployment') {
        check(
          Boolean(container.readinessProbe),
          `k8s: ${name}/${container.name} has a readiness probe`,
        );
        check(
          Boolean(container.livenessProbe),
          `k8s: ${name}/${container.name} has a liveness probe`,
        );
      }
      const fromSecret = (container.envFrom ?? []).some((source) => source.secretRef);
      check(fromSecret, `k8s: ${name}/${container.name} takes its secrets from a Secret`);
    }
    if (pod) check(pod.securityContext?.runAsNonRoot === true, `k8s: ${name} runs as non-root`);
  }
}
if (has('yamllint')) {
  const result = spawnSync(
    'yamllint',
    ['-d', '{extends: relaxed, rules: {line-length: disable}}', dockerDir],
    { encoding: 'utf8' },
  );
  check(result.status === 0, `yamllint docker/${result.status ? `:\n${result.stdout}` : ''}`);
} else {
  note('yamllint not installed: YAML style not checked (the files parse)');
}
note('kubeconform / a cluster are not available here: Kubernetes schemas not validated');

// Dockerfiles ------------------------------------------------------------------------------
for (const file of readdirSync(dockerDir).filter((f) => f.endsWith('.Dockerfile'))) {
  const lines = readFileSync(join(dockerDir, file), 'utf8').split('\n');
  const froms = lines.filter((line) => /^FROM\s/i.test(line));
  for (const from of froms) {
    const image = from.split(/\s+/)[1];
    check(
      /:[\w.-]+$/.test(image) && !image.endsWith(':latest'),
      `${file}: ${image} is pinned to a tag`,
    );
  }
  const lastFrom = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  const finalStage = lines.slice(lastFrom);
  const user = finalStage.filter((line) => /^USER\s/i.test(line)).pop();
  check(
    Boolean(user) && !/^USER\s+(root|0)\b/i.test(user),
    `${file}: the final stage runs as a non-root USER`,
  );
  check(
    finalStage.some((line) => /^HEALTHCHECK\s/i.test(line)),
    `${file}: has a HEALTHCHECK`,
  );
  const cmd = finalStage.filter((line) => /^CMD\s/i.test(line)).pop() ?? '';
  check(/^CMD\s+\[/.test(cmd), `${file}: CMD is in exec form (signals reach node)`);
}

process.stdout.write(
  failures ? `\n${failures} check(s) failed\n` : '\nall docker/ checks passed\n',
);
process.exit(failures ? 1 : 0);
