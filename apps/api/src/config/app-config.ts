import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { parseRetrySchedule } from '@api/webhooks/retry-schedule';
import { parseCidrList, type Cidr } from '@api/webhooks/webhook-target-policy';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** The value must parse with `parse`; its error sentence becomes the message. */
function ParsesWith(parse: (value: string) => unknown): PropertyDecorator {
  const failure = (value: unknown): string | undefined => {
    try {
      parse(String(value));
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
  return ValidateBy({
    name: 'parsesWith',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && failure(value) === undefined,
      defaultMessage: (args) => `${args?.property ?? 'value'} ${failure(args?.value) ?? ''}`,
    },
  });
}

/**
 * The process environment, validated once at start-up. Every variable is
 * documented in the README; names here are the environment variable names.
 */
export class AppConfig {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '127.0.0.1';

  /** When set, a real PostgreSQL server is used; otherwise embedded PGlite. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Where embedded PGlite keeps its files; `memory://` keeps nothing. */
  @IsOptional()
  @IsString()
  PGLITE_DATA_DIR = './data/pglite';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  LOG_PRETTY = false;

  /** Largest accepted JSON body, in bytes. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  JOBS_WORKER_ENABLED = true;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  JOBS_CONCURRENCY = 2;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  JOBS_POLL_INTERVAL_MS = 500;

  /** How long a claimed job stays leased without a heartbeat before another worker may take it. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  JOBS_LEASE_MS = 60_000;

  /**
   * At shutdown, how long running jobs may finish the items in hand (and checkpoint) before
   * they are cut off. Keep it below the orchestrator's kill timeout (Kubernetes: 30 s).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  JOBS_SHUTDOWN_GRACE_MS = 20_000;

  /** Finished webhook deliveries (and their attempts) older than this are pruned daily. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  WEBHOOK_DELIVERY_RETENTION_DAYS = 30;

  /** Finished jobs older than this are pruned by the daily housekeeping job. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  JOBS_RETENTION_DAYS = 30;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SCHEDULER_ENABLED = true;

  /**
   * Keys for secrets at rest: `id:base64(32 bytes)` entries, comma-separated.
   * Required in production and with a real database server; on embedded PGlite in
   * development a key is made beside the data folder (see SecretsModule).
   */
  @ValidateIf(
    (config: AppConfig) =>
      config.NODE_ENV === 'production' ||
      config.DATABASE_URL !== undefined ||
      config.ENCRYPTION_KEYS !== undefined,
  )
  @IsString({
    message: 'is required in production and with DATABASE_URL (id:base64key[,id:base64key...])',
  })
  @Matches(
    /^\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43}=?\s*(,\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43}=?\s*)*$/,
    {
      message: 'must be id:base64key entries (32-byte keys), comma-separated',
    },
  )
  ENCRYPTION_KEYS?: string;

  /** Which key encrypts new values; defaults to the last of ENCRYPTION_KEYS. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  ENCRYPTION_ACTIVE_KEY_ID?: string;

  /** Overrides Saferpay's test host (https://test.saferpay.com/api), e.g. with the sandbox's `/api` URL. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#]+\/api\/?$/, { message: 'must be an http(s) URL ending in /api' })
  SAFERPAY_TEST_BASE_URL?: string;

  /** Overrides Saferpay's live host (https://www.saferpay.com/api). Operators only: never from tenants. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#]+\/api\/?$/, { message: 'must be an http(s) URL ending in /api' })
  SAFERPAY_LIVE_BASE_URL?: string;

  @IsOptional()
  @Matches(/^\d+\.\d+$/, { message: 'must look like 1.53' })
  SAFERPAY_API_VERSION = '1.53';

  /** Per-attempt timeout of Saferpay calls; the spec recommends 100 s. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300_000)
  SAFERPAY_TIMEOUT_MS = 100_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  SAFERPAY_MAX_CONCURRENCY_PER_HOST = 16;

  /** Accounts onboarded at once by one onboarding job (calls within an account stay sequential). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  ONBOARDING_CONCURRENCY = 8;

  /** A tenant's drift check cadence until it sets its own (default: daily). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(7 * 1440)
  DRIFT_DEFAULT_INTERVAL_MINUTES = 1440;

  /** Random extra delay of each scheduled check, so tenants and replicas spread out. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1440)
  DRIFT_MAX_JITTER_MINUTES = 60;

  /** How often each replica looks for due drift schedules (one replica acts per tick). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DRIFT_SCHEDULER_TICK_MS = 60_000;

  /** Accounts one drift check reads at once (a check covers one tenant, franchise or account). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  DRIFT_CONCURRENCY = 4;

  /** Reads of one account per check before a transient Saferpay failure is reported. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  DRIFT_MAX_ATTEMPTS = 3;

  /** First wait after a transient failure; each further attempt waits four times longer. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  DRIFT_RETRY_BASE_MS = 30_000;

  /** How long a rotated-out Fields token keeps working before it is deleted at Saferpay. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30 * 86_400)
  FIELDS_TOKEN_GRACE_SECONDS = 3600;

  /** Active Fields tokens older than this are rotated by the scheduled sweep. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  FIELDS_TOKEN_MAX_AGE_DAYS = 90;

  /**
   * A `provisioning` intent untouched this long is recovered (its create retried
   * with the same Saferpay-RequestId). Must exceed the longest create call
   * (SAFERPAY_TIMEOUT_MS times the client's attempts plus backoff), or a recovery
   * could race a request still waiting for Saferpay.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  FIELDS_TOKEN_RECOVERY_SECONDS = 600;

  /**
   * The operator declares that every Fields token on the terminals of its
   * accounts is made by this platform. Then a recovered intent whose terminal
   * has no other live token of ours is cleared with Saferpay's terminal-level
   * delete before the create is retried, so a token created just before a crash
   * is not left behind even if Saferpay does not deduplicate by RequestId.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  FIELDS_TOKEN_EXCLUSIVE_TERMINALS = false;

  /** Deliver webhooks from this process (every replica may; claims never overlap). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_DISPATCH_ENABLED = true;

  /** When set, `GET /metrics` requires `Authorization: Bearer <METRICS_TOKEN>`; unset: open. */
  @IsOptional()
  @IsString()
  @Matches(/^\S{16,}$/, { message: 'must be at least 16 characters without spaces' })
  METRICS_TOKEN?: string;

  /**
   * OpenTelemetry tracing (spans of HTTP requests, Saferpay calls, job runs and database
   * queries, sent over OTLP/HTTP). Off: the SDK is not even loaded.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  OTEL_TRACING_ENABLED = false;

  /** The collector's OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces` (as the OTel spec says). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @Matches(/^[^?#]*$/, { message: 'must not have a query or fragment' })
  OTEL_EXPORTER_OTLP_ENDPOINT = 'http://localhost:4318';

  /** `service.name` of every span. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 letters, digits, ".", "_" or "-"' })
  OTEL_SERVICE_NAME = 'saferpay-platform-api';

  /** Share of new traces recorded (0 to 1); a caller's sampled `traceparent` is followed. */
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  OTEL_TRACES_SAMPLE_RATIO = 1;

  /** How often an idle dispatcher looks for due deliveries (a publish in this process wakes it at once). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  WEBHOOK_POLL_INTERVAL_MS = 1000;

  /** Webhook requests in flight at once per process. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  WEBHOOK_DISPATCH_CONCURRENCY = 8;

  /** Per-attempt timeout of a webhook request (connect, headers and the first KiB of the answer). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Delays before each retry after the first attempt, comma-separated durations
   * (ms, s, m, h); each gets ±20% jitter. The default spans about three days.
   */
  @IsOptional()
  @ParsesWith(parseRetrySchedule)
  WEBHOOK_RETRY_SCHEDULE = '5s,30s,2m,10m,30m,1h,3h,6h,12h,24h,24h';

  /** How long a rotated-out signing secret keeps signing deliveries next to the new one. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30 * 24)
  WEBHOOK_SECRET_GRACE_HOURS = 24;

  /** Endpoint URLs must be https. Unset: true in production, false otherwise. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_REQUIRE_HTTPS?: boolean;

  /**
   * CIDRs exempt from the webhook target policy's blocked ranges (loopback, private,
   * link-local...), comma-separated, e.g. `10.20.0.0/16` for receivers inside the
   * operator's own network. Empty: only public addresses.
   */
  @IsOptional()
  @ParsesWith(parseCidrList)
  WEBHOOK_ALLOWED_NETWORKS = '';

  /** Days a franchise invitation link works unless its creator says otherwise. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  INVITATION_TTL_DAYS = 7;

  /**
   * The public origin of the API and wizard (e.g. `https://onboarding.example.com`) for links
   * in invitations. Unset: the origin of the request that created the invitation.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL?: string;

  /** The built wizard served at /app; unset: dist/apps/wizard under the working directory. */
  @IsOptional()
  @IsString()
  WIZARD_DIST_DIR?: string;

  get webhookRequireHttps(): boolean {
    return this.WEBHOOK_REQUIRE_HTTPS ?? this.NODE_ENV === 'production';
  }

  get webhookRetryScheduleMs(): number[] {
    return parseRetrySchedule(this.WEBHOOK_RETRY_SCHEDULE);
  }

  get webhookAllowedNetworks(): Cidr[] {
    return parseCidrList(this.WEBHOOK_ALLOWED_NETWORKS);
  }

  /** `Cache-Control: private, max-age=…` of a shop's capability document. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  SHOP_DOCUMENT_MAX_AGE_SECONDS = 60;

  /** `stale-while-revalidate=…` of a shop's capability document (0 leaves it out). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(7 * 86_400)
  SHOP_DOCUMENT_STALE_WHILE_REVALIDATE_SECONDS = 300;

  /**
   * How long a replica serves a shop's document from memory before asking the database
   * for its hash again: the longest a change committed by another replica stays unseen.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  SHOP_DOCUMENT_CACHE_TTL_MS = 1000;

  /** How long a replica trusts its memory of a shop token: the longest a revocation elsewhere goes unseen. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  SHOP_TOKEN_CACHE_TTL_MS = 5000;

  /** Requests per minute per shop token and replica (a token bucket holding one minute's worth). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  SHOP_RATE_LIMIT_PER_MINUTE = 600;

  /** Shop tokens' last-used times are kept in memory and written in one UPDATE this often. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  SHOP_TOKEN_LAST_USED_FLUSH_MS = 30_000;

  /** OPEN payment links read from Saferpay per run of the scheduled status sync (every minute). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  PAYMENT_LINKS_SYNC_BATCH = 100;

  /** An OPEN link is re-read by the scheduled sync at most this often. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(7 * 86_400)
  PAYMENT_LINKS_SYNC_MIN_AGE_SECONDS = 900;

  /** Europe/Zurich time of day (HH:mm) from which yesterday's daily export is fetched. */
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:mm (24 h)' })
  REPORTING_DAILY_AT = '03:00';

  /** How often each replica looks for due daily exports (one replica enqueues per tick). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  REPORTING_SCHEDULER_TICK_MS = 60_000;

  /** At most this many accounts' daily exports are planned per tick; the rest on the next. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  REPORTING_ACCOUNTS_PER_TICK = 500;

  /** Daily exports missed while the platform was down are planned up to this many days back. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(93)
  REPORTING_DAILY_CATCH_UP_DAYS = 7;

  /**
   * Lease of the per-customer report lock (one GetTransactions request at a time per
   * Saferpay customer across replicas); renewed while a request runs, so it only matters
   * when a replica dies holding it.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  REPORTING_LOCK_TTL_MS = 30_000;

  /** Longest on-demand export range, in business days (each day is one report window). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3660)
  REPORTING_MAX_RANGE_DAYS = 93;

  /** Where the OTLP/HTTP exporter posts spans. */
  get otlpTracesUrl(): string {
    return `${this.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  }

  get usesEmbeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n')}`,
    );
  }
}

/** Validates the environment; throws naming every bad variable. Unknown variables are ignored. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => known.includes(key) && value !== ''),
  );
  const config = plainToInstance(AppConfig, relevant);
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.map((error) => ({
        variable: error.property,
        reason: `${Object.values(error.constraints ?? {}).join('; ')} (got ${JSON.stringify(error.value)})`,
      })),
    );
  }
  return config;
}
