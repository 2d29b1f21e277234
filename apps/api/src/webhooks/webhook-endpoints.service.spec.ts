import type { DataSource } from 'typeorm';
import { ProblemException } from '@api/common/problem/problem.exception';
import { loadConfig } from '@api/config/app-config';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import type { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import type { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookTargetPolicy } from './webhook-target-policy';

/** The service as the module builds it, for a given environment, with an in-memory repository. */
function serviceFor(env: Record<string, string>) {
  const config = loadConfig(env);
  const policy = new WebhookTargetPolicy(
    { requireHttps: config.webhookRequireHttps, allowedNetworks: config.webhookAllowedNetworks },
    (hostname) =>
      hostname === 'localhost'
        ? Promise.resolve([{ address: '127.0.0.1', family: 4 }])
        : Promise.resolve([{ address: '203.0.113.10', family: 4 }]),
  );
  const inserted: WebhookEndpointEntity[] = [];
  const endpoints = {
    insert: jest.fn((tenantId: string, id: string, values: Partial<WebhookEndpointEntity>) => {
      const row = { ...values, id, tenantId, createdAt: new Date(), updatedAt: new Date() };
      inserted.push(row as WebhookEndpointEntity);
      return Promise.resolve(row);
    }),
  } as unknown as WebhookEndpointsRepository;
  const cipher = new CredentialCipher([{ id: 'k', key: Buffer.alloc(32, 1) }], 'k');
  const service = new WebhookEndpointsService(
    config,
    {} as DataSource,
    endpoints,
    {} as WebhookDeliveriesRepository,
    cipher,
    policy,
  );
  return { service, inserted };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('WebhookEndpointsService target checks', () => {
  it.each(['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]/hook'])(
    'refuses loopback %s without an allow-list, storing nothing',
    async (url) => {
      const { service, inserted } = serviceFor({});
      const error = await refusal(service.create('tenant-1', { url }));
      expect(error).toBeInstanceOf(ProblemException);
      expect(error).toMatchObject({
        problemType: 'webhookTargetRefused',
        fieldErrors: [{ pointer: '/url', detail: expect.stringMatching(/loopback/) }],
      });
      expect(inserted).toHaveLength(0);
    },
  );

  it('accepts loopback inside WEBHOOK_ALLOWED_NETWORKS and returns the secret once', async () => {
    const { service, inserted } = serviceFor({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' });
    const created = await service.create('tenant-1', { url: 'http://localhost/hook' });
    expect(created.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(created.endpoint)).not.toContain(created.secret);
    expect(JSON.stringify(inserted)).not.toContain(created.secret);
  });

  it('requires https in production unless told otherwise', async () => {
    const key = `k1:${Buffer.alloc(32, 2).toString('base64')}`;
    const production = serviceFor({ NODE_ENV: 'production', ENCRYPTION_KEYS: key });
    expect(
      await refusal(production.service.create('t', { url: 'http://hooks.example.com/' })),
    ).toMatchObject({ problemType: 'webhookTargetRefused', detail: 'The URL must use https.' });
    await expect(
      production.service.create('t', { url: 'https://hooks.example.com/' }),
    ).resolves.toMatchObject({ endpoint: { url: 'https://hooks.example.com/' } });
    const relaxed = serviceFor({
      NODE_ENV: 'production',
      ENCRYPTION_KEYS: key,
      WEBHOOK_REQUIRE_HTTPS: 'false',
    });
    await expect(
      relaxed.service.create('t', { url: 'http://hooks.example.com/' }),
    ).resolves.toBeDefined();
  });
});
