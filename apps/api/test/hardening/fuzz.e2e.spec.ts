import { Agent, request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { PROBLEM_CONTENT_TYPE } from '@platform/problem-details';
import { startSandboxProcess, type SandboxProcess } from '@platform/testing';
import { call } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';
import { DEFAULT_RUNS, DEFAULT_SEED, requestArb, type FuzzRequest } from './support/fuzz';
import { accessByOperation, loadDocument, operationsOf, type Operation } from './support/openapi';
import { printSummary } from './support/summary';
import { seedWorlds, worldAppEnv, type World } from './support/world';

const document = loadDocument();
const operations = operationsOf(document);

/** A knob from the environment: an integer in [min, max], or the default when unset. */
function knob(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new Error(`${name} must be an integer between ${min} and ${max} (got ${raw})`);
  return Number(raw);
}

const SEED = knob('FUZZ_SEED', DEFAULT_SEED, 0, 2_147_483_647);
const RUNS = knob('FUZZ_RUNS', DEFAULT_RUNS, 1, 100_000);
/** `npm run fuzz` raises it for long runs. */
const TEST_TIMEOUT_MS = knob('FUZZ_TIMEOUT_MS', 600_000, 1_000, 2 ** 31 - 1);
const BODY_LIMIT = 262_144;
const REQUEST_TIMEOUT_MS = 20_000;
const CONCURRENCY = 4;
const UNDOCUMENTED_MEDIA_TYPES = ['application/json', 'application/x-ndjson', 'text/csv'];
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** The body as sent before its Content-Encoding (the generator asks for gzip and br too). */
function decode(body: Buffer, encoding: string | null): Buffer {
  if (!encoding || encoding === 'identity' || body.length === 0) return body;
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  throw new Error(`unexpected Content-Encoding ${encoding}`);
}

/** A seed per operation, so one operation's requests replay without the others'. */
function seedOf(operationId: string): number {
  let hash = SEED >>> 0;
  for (const char of operationId) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return hash | 0;
}

const truncate = (text: string | undefined, length = 300) =>
  text === undefined
    ? ''
    : text.length > length
      ? `${text.slice(0, length)}… (${text.length} chars)`
      : text;

/**
 * Every operation of the OpenAPI document, FUZZ_RUNS generated requests each (fast-check,
 * FUZZ_SEED): real and random ids, valid-looking and hostile query and bodies, the right and
 * wrong credentials. No answer may be a 5xx; every 4xx is a problem+json of the documented
 * shape; every 2xx is of a documented content type. The app is in this process, so prototype
 * pollution would show on this process's Object.prototype.
 */
describe('fuzzing every operation of the OpenAPI document', () => {
  let sandbox: SandboxProcess;
  let t: TestApp;
  let world: World;
  let validateProblem: ReturnType<Ajv['compile']>;

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ fixture: 'apps/saferpay-sandbox/fixtures/demo.json' });
    t = await startTestApp({ ...worldAppEnv(sandbox), BODY_LIMIT_BYTES: String(BODY_LIMIT) });
    [world] = await seedWorlds(t, sandbox, [{ name: 'Fuzz', account: { customerId: '234567' } }]);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'api', components: document.components });
    validateProblem = ajv.compile({ $ref: 'api#/components/schemas/ProblemDetailsDto' });
  }, 90_000);

  afterAll(async () => {
    agent.destroy();
    await t?.close();
    await sandbox?.stop();
  });

  /** What is wrong with an answer, or undefined when it keeps the contract. */
  function verdict(op: Operation, status: number, headers: Headers, text: string) {
    const contentType = headers.get('content-type') ?? '';
    if (status >= 500) return `${status} server error`;
    if (status >= 400) {
      if (!contentType.includes(PROBLEM_CONTENT_TYPE))
        return `${status} is not problem+json (${contentType})`;
      let problem: { status?: number; requestId?: string };
      try {
        problem = JSON.parse(text) as typeof problem;
      } catch {
        return `${status} problem+json that is no JSON`;
      }
      if (!validateProblem(problem))
        return `${status} problem not of the documented shape: ${JSON.stringify(validateProblem.errors)}`;
      if (problem.status !== status) return `problem status ${problem.status} on a ${status}`;
      if (problem.requestId !== headers.get('x-request-id'))
        return 'problem requestId differs from X-Request-Id';
      return undefined;
    }
    if (status >= 200 && status < 300) {
      if (status === 204) return text === '' ? undefined : '204 with a body';
      const documented = op.responses[String(status)];
      if (!documented) return `undocumented status ${status}`;
      const mediaType = contentType.split(';')[0].trim();
      if (documented.length > 0 && !documented.includes(mediaType))
        return `${status} as ${mediaType}, documented ${documented.join(', ')}`;
      // Without a documented media type (the streaming exports): JSON, NDJSON or CSV.
      if (documented.length === 0 && !UNDOCUMENTED_MEDIA_TYPES.includes(mediaType))
        return `${status} as ${mediaType || 'no content type'}`;
      try {
        if (mediaType === 'application/json') JSON.parse(text);
        if (mediaType === 'application/x-ndjson')
          for (const line of text.split('\n').filter(Boolean)) JSON.parse(line);
      } catch {
        return `${status} ${mediaType} that does not parse`;
      }
      return undefined;
    }
    if (status === 304) return undefined;
    return `unexpected status ${status}`;
  }

  /**
   * Sends the request as generated, with node:http: fetch would resolve `..` segments and
   * re-encode the path before it left this process.
   */
  function send(request: FuzzRequest) {
    return new Promise<{ status: number; headers: Headers; text: string }>((resolve, reject) => {
      const { hostname, port } = new URL(t.baseUrl);
      const outgoing = httpRequest(
        {
          host: hostname,
          port,
          method: request.method,
          path: request.url,
          agent,
          headers: {
            ...request.headers,
            ...(request.body !== undefined
              ? { 'content-length': String(Buffer.byteLength(request.body)) }
              : {}),
          },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined)
                headers.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
            try {
              resolve({
                status: response.statusCode ?? 0,
                headers,
                text: decode(Buffer.concat(chunks), headers.get('content-encoding')).toString(
                  'utf8',
                ),
              });
            } catch (error) {
              reject(
                new Error(
                  `undecodable ${headers.get('content-encoding')} body: ${(error as Error).message}`,
                ),
              );
            }
          });
        },
      );
      outgoing.on('timeout', () =>
        outgoing.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)),
      );
      // The server may answer (413) and close before a large body is written: the answer counts.
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  it(
    'answers every generated request without a 5xx, with problem+json 4xx and documented 2xx',
    async () => {
      const access = accessByOperation(t.app);
      const missing = operations.filter((op) => !access.has(op.operationId));
      expect(missing.map((op) => op.operationId)).toEqual([]);

      // Destructive operations last, so the others still reach the seeded resources.
      const ordered = [...operations].sort(
        (x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'),
      );
      const failures: string[] = [];
      let sent = 0;
      let serverErrors = 0;
      const byClass: Record<string, number> = {};
      const successes = new Set<string>();
      const started = Date.now();
      for (const phase of [
        ordered.filter((o) => o.method !== 'DELETE'),
        ordered.filter((o) => o.method === 'DELETE'),
      ]) {
        const queue = phase.flatMap((op) =>
          fc
            .sample(requestArb(document, op, access.get(op.operationId)!, world, BODY_LIMIT), {
              seed: seedOf(op.operationId),
              numRuns: RUNS,
            })
            .map((request, index) => ({ op, request, index })),
        );
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            for (let item = queue.shift(); item; item = queue.shift()) {
              const { op, request, index } = item;
              let problem: string | undefined;
              let answer = '';
              try {
                const response = await send(request);
                answer = `${response.status} ${truncate(response.text)}`;
                problem = verdict(op, response.status, response.headers, response.text);
                if (response.status >= 500) serverErrors += 1;
                const statusClass = `${Math.floor(response.status / 100)}xx`;
                byClass[statusClass] = (byClass[statusClass] ?? 0) + 1;
                if (response.status < 300) successes.add(op.operationId);
              } catch (error) {
                problem = `no answer: ${(error as Error).message}`;
              }
              sent += 1;
              if (problem) {
                failures.push(
                  [
                    `${op.operationId} (request #${index} of its sample; FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}): ${problem}`,
                    `  input: ${request.kind}`,
                    `  ${request.method} ${truncate(request.url, 200)}`,
                    `  headers: ${truncate(JSON.stringify({ ...request.headers, authorization: request.headers.authorization?.slice(0, 12) }))}`,
                    `  body: ${truncate(request.body, 200)}`,
                    `  answer: ${answer}`,
                  ].join('\n'),
                );
              }
            }
          }),
        );
      }

      printSummary(
        `fuzz: ${operations.length} operations fuzzed, ${sent} requests sent, ${serverErrors} 5xx found, ` +
          `${failures.length} contract violations; answers ${JSON.stringify(byClass)}, ` +
          `${successes.size} operations reached a 2xx (seed ${SEED}, ${RUNS} runs per operation, ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      if (process.env.FUZZ_VERBOSE)
        printSummary(
          `never a 2xx: ${operations
            .filter((o) => !successes.has(o.operationId))
            .map((o) => o.operationId)
            .join(', ')}`,
        );
      expect(failures).toEqual([]);
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
    TEST_TIMEOUT_MS,
  );

  it('is still healthy and serving afterwards', async () => {
    expect((await call(t.baseUrl, '/health/ready')).status).toBe(200);
    const franchises = await call(t.baseUrl, '/franchises', { key: world.operatorKey });
    expect(franchises.status).toBe(200);
    const created = await call(t.baseUrl, '/franchises', {
      method: 'POST',
      key: world.operatorKey,
      json: { name: 'After the fuzz' },
    });
    expect(created.status).toBe(201);
  });
});
