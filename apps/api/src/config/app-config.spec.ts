import { ConfigValidationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.JOBS_CONCURRENCY).toBe(2);
    expect(config).toMatchObject({
      SHOP_DOCUMENT_MAX_AGE_SECONDS: 60,
      SHOP_DOCUMENT_STALE_WHILE_REVALIDATE_SECONDS: 300,
      SHOP_RATE_LIMIT_PER_MINUTE: 600,
      SHOP_TOKEN_CACHE_TTL_MS: 5000,
      SHOP_DOCUMENT_CACHE_TTL_MS: 1000,
      SHOP_TOKEN_LAST_USED_FLUSH_MS: 30_000,
    });
  });

  it('parses typed values', () => {
    const config = loadConfig({
      PORT: '8080',
      MIGRATIONS_RUN: 'false',
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    });
    expect(config.PORT).toBe(8080);
    expect(config.MIGRATIONS_RUN).toBe(false);
    expect(config.usesEmbeddedDatabase).toBe(false);
  });

  it('requires encryption keys in production and with a real database server', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@db/x' })).toThrow(/ENCRYPTION_KEYS/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /ENCRYPTION_KEYS: .*is required in production/,
    );
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEYS: `k1:${key}` }).ENCRYPTION_KEYS,
    ).toBe(`k1:${key}`);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://nope'],
    ['LOG_LEVEL', 'loud'],
    ['JOBS_CONCURRENCY', '0'],
    ['MIGRATIONS_RUN', 'maybe'],
    ['ENCRYPTION_KEYS', 'k1:tooshort'],
    ['FIELDS_TOKEN_GRACE_SECONDS', '-1'],
    ['FIELDS_TOKEN_MAX_AGE_DAYS', '0'],
    ['FIELDS_TOKEN_RECOVERY_SECONDS', 'soon'],
    ['FIELDS_TOKEN_EXCLUSIVE_TERMINALS', 'perhaps'],
    ['WEBHOOK_RETRY_SCHEDULE', '5s,1d'],
    ['WEBHOOK_RETRY_SCHEDULE', 'soon'],
    ['WEBHOOK_ALLOWED_NETWORKS', '127.0.0.1'],
    ['WEBHOOK_REQUIRE_HTTPS', 'sometimes'],
    ['WEBHOOK_DISPATCH_CONCURRENCY', '0'],
    ['WEBHOOK_TIMEOUT_MS', '10'],
    ['SHOP_RATE_LIMIT_PER_MINUTE', '0'],
    ['SHOP_DOCUMENT_MAX_AGE_SECONDS', '-5'],
    ['SHOP_DOCUMENT_STALE_WHILE_REVALIDATE_SECONDS', 'long'],
    ['SHOP_TOKEN_CACHE_TTL_MS', '600000'],
    ['SHOP_DOCUMENT_CACHE_TTL_MS', '-1'],
    ['SHOP_TOKEN_LAST_USED_FLUSH_MS', '10'],
    ['OTEL_TRACING_ENABLED', 'yes'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://collector:4318/?token=x'],
    ['OTEL_SERVICE_NAME', 'my service'],
    ['OTEL_TRACES_SAMPLE_RATIO', '1.5'],
    ['OTEL_TRACES_SAMPLE_RATIO', 'half'],
  ])('names the bad variable %s=%s', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems.map((p) => p.variable)).toContain(variable);
    expect((error as Error).message).toContain(variable);
  });

  it('configures webhooks with defaults and parsed values', () => {
    const defaults = loadConfig({});
    expect(defaults.webhookRetryScheduleMs).toEqual([
      5000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000,
      86_400_000, 86_400_000,
    ]);
    expect(defaults.webhookRequireHttps).toBe(false);
    expect(defaults.webhookAllowedNetworks).toEqual([]);
    expect(defaults.WEBHOOK_SECRET_GRACE_HOURS).toBe(24);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEYS: `k1:${key}` }).webhookRequireHttps,
    ).toBe(true);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        ENCRYPTION_KEYS: `k1:${key}`,
        WEBHOOK_REQUIRE_HTTPS: 'false',
      }).webhookRequireHttps,
    ).toBe(false);
    const custom = loadConfig({
      WEBHOOK_RETRY_SCHEDULE: '50ms, 2s',
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
    });
    expect(custom.webhookRetryScheduleMs).toEqual([50, 2000]);
    expect(custom.webhookAllowedNetworks.map((n) => n.family)).toEqual(['ipv4', 'ipv6']);
  });

  it('leaves tracing off by default and sends spans to <endpoint>/v1/traces', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      OTEL_TRACING_ENABLED: false,
      OTEL_SERVICE_NAME: 'saferpay-platform-api',
      OTEL_TRACES_SAMPLE_RATIO: 1,
    });
    expect(defaults.otlpTracesUrl).toBe('http://localhost:4318/v1/traces');
    const custom = loadConfig({
      OTEL_TRACING_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.internal:4318/prefix/',
      OTEL_TRACES_SAMPLE_RATIO: '0.25',
    });
    expect(custom.OTEL_TRACING_ENABLED).toBe(true);
    expect(custom.OTEL_TRACES_SAMPLE_RATIO).toBe(0.25);
    expect(custom.otlpTracesUrl).toBe('https://otel.internal:4318/prefix/v1/traces');
  });

  it('explains a bad retry schedule', () => {
    expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: '5s,1d' })).toThrow(
      /WEBHOOK_RETRY_SCHEDULE: WEBHOOK_RETRY_SCHEDULE "1d" is not a duration/,
    );
  });
});
