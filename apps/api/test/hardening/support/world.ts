import type { Schemas } from '@platform/api-types';
import type { SandboxProcess } from '@platform/testing';
import { newTenant } from '../../support/factories';
import { call, type JsonResponse } from '../../support/http';
import { zurichDay } from '../../support/reporting';
import { registerSandboxAccounts, waitForJob } from '../../support/sandbox-accounts';
import type { TestApp } from '../../support/test-app';

/** The app settings a seeded world needs: a job worker, the sandbox, loopback webhook targets. */
export function worldAppEnv(sandbox: SandboxProcess): Record<string, string> {
  return {
    JOBS_WORKER_ENABLED: 'true',
    JOBS_POLL_INTERVAL_MS: '50',
    SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
    SAFERPAY_LIVE_BASE_URL: sandbox.apiBaseUrl,
    SAFERPAY_TIMEOUT_MS: '2000',
    // Endpoints point at a closed loopback port; deliveries stay pending (dispatch is off).
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
  };
}

/**
 * One tenant with one of everything the API stores, all reachable through path parameters:
 * `ids` maps each path parameter name of the OpenAPI document to a real id of this tenant.
 * Resources an operation may destroy (operator key, shop token, invitation) have a second
 * instance in `ids`, so the credentials the world authenticates with stay valid.
 */
export interface World {
  name: string;
  tenantId: string;
  operatorKey: string;
  /** A shop token of `ids.shopId`. */
  shopToken: string;
  /** An invitation token of `ids.franchiseId`. */
  invitationToken: string;
  ids: Record<string, string>;
  /** Further ids of the same kind (`jobId`: the drift check and report jobs too). */
  moreIds: Record<string, string[]>;
  /** Real values of body properties by name (`terminalId`: the shop's ECOM terminal). */
  fields: Record<string, string>;
  /** Strings that belong to this tenant only (ids, names): none may appear in another's answer. */
  markers: string[];
}

/** Seeds several worlds at once; waits for all before failing, so none is left running. */
export async function seedWorlds(
  t: TestApp,
  sandbox: SandboxProcess,
  specs: { name: string; account: WorldAccount }[],
): Promise<World[]> {
  const settled = await Promise.allSettled(
    specs.map((spec) => seedWorld(t, sandbox, spec.name, spec.account)),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<World>).value);
}

/** The account of a world: a sandbox customer with an ECOM and an SPG terminal. */
export interface WorldAccount {
  customerId: string;
}

function expectStatus<T>(what: string, response: JsonResponse<T>, status: number): T {
  if (response.status !== status) {
    throw new Error(
      `seeding: ${what} answered ${response.status}, expected ${status}: ${response.text}`,
    );
  }
  return response.body;
}

/**
 * Seeds a tenant through the API as an operator would: franchise, a merchant account onboarded
 * against the sandbox, a policy it falls short of (events, webhook deliveries), a drift check, a
 * shop with a Fields token and shop tokens, a payment link, a fetched transaction report day,
 * invitations, webhook endpoint and an extra operator key.
 */
export async function seedWorld(
  t: TestApp,
  sandbox: SandboxProcess,
  name: string,
  account: WorldAccount,
): Promise<World> {
  const { tenantId, operatorKey } = await newTenant(t.app, `${name} tenant`);
  const api = <T>(path: string, init: Parameters<typeof call>[2] = {}) =>
    call<T>(t.baseUrl, path, { key: operatorKey, ...init });
  const finished = async (what: string, jobId: string) => {
    const job = await waitForJob(t.baseUrl, operatorKey, jobId, { timeoutMs: 30_000 });
    if (job.status !== 'succeeded') throw new Error(`seeding: ${what} job ${job.status}`);
    return job;
  };

  const extraKey = expectStatus(
    'operator key',
    await api<Schemas['IssuedOperatorKeyDto']>('/operator-keys', {
      method: 'POST',
      json: { name: `${name} spare key` },
    }),
    201,
  );
  const endpoint = expectStatus(
    'webhook endpoint',
    await api<Schemas['WebhookEndpointWithSecretDto']>('/webhook-endpoints', {
      method: 'POST',
      json: { url: `http://127.0.0.1:9/${name}/hook`, description: `${name} hook` },
    }),
    201,
  ).endpoint;
  const franchise = expectStatus(
    'franchise',
    await api<Schemas['FranchiseDto']>('/franchises', {
      method: 'POST',
      json: { name: `${name} Franchise`, externalRef: `FR-${name}` },
    }),
    201,
  );

  const summary = (await sandbox.admin.accounts()).find((a) => a.customerId === account.customerId);
  if (!summary) throw new Error(`seeding: no sandbox account ${account.customerId}`);
  const ecom = summary.terminals.find((x) => x.type === 'ECOM');
  const spg = summary.terminals.find((x) => x.type === 'SPG');
  if (!ecom || !spg)
    throw new Error(`seeding: ${account.customerId} lacks an ECOM or SPG terminal`);
  const registered = await registerSandboxAccounts(t.baseUrl, operatorKey, franchise.id, [summary]);
  const onboarding = await finished('onboarding', registered.job.id);
  const accountId = registered.accounts[0].id;

  // A wallet no account has: the account becomes non_compliant, with an event and a delivery.
  expectStatus(
    'policy',
    await api(`/franchises/${franchise.id}/policy`, {
      method: 'PUT',
      json: { requiredWallets: [{ wallet: 'WECHATPAY', terminalType: 'ECOM' }] },
    }),
    200,
  );
  const events = expectStatus(
    'events',
    await api<Schemas['EventPageDto']>(`/events?accountId=${accountId}`),
    200,
  );
  if (events.items.length === 0) throw new Error('seeding: the policy raised no event');
  const deliveries = expectStatus(
    'deliveries',
    await api<Schemas['WebhookDeliveryPageDto']>(`/webhook-endpoints/${endpoint.id}/deliveries`),
    200,
  );
  if (deliveries.items.length === 0) throw new Error('seeding: the event made no delivery');

  const drift = expectStatus(
    'drift check',
    await api<Schemas['DriftCheckStartedDto']>('/drift-checks', {
      method: 'POST',
      json: { accountId },
    }),
    202,
  );
  await finished('drift check', drift.job.id);

  const shop = expectStatus(
    'shop',
    await api<Schemas['ShopWriteResultDto']>(`/franchises/${franchise.id}/shops`, {
      method: 'POST',
      json: {
        name: `${name} Shop`,
        accountId,
        terminalId: ecom.terminalId,
        sourceUrls: [`https://${name.toLowerCase()}.example.com/`],
      },
    }),
    201,
  );
  const fieldsToken = expectStatus(
    'fields token',
    await api<Schemas['ProvisionedFieldsTokenDto']>(`/shops/${shop.id}/fields-tokens`, {
      method: 'POST',
    }),
    201,
  );
  const issueShopToken = async (label: string) =>
    expectStatus(
      'shop token',
      await api<Schemas['IssuedShopTokenDto']>(`/shops/${shop.id}/tokens`, {
        method: 'POST',
        json: { name: `${name} ${label}` },
      }),
      201,
    );
  const shopToken = await issueShopToken('checkout');
  const spareShopToken = await issueShopToken('spare');

  const link = expectStatus(
    'payment link',
    await api<Schemas['CreatedPaymentLinkDto']>(`/merchant-accounts/${accountId}/payment-links`, {
      method: 'POST',
      json: {
        terminalId: spg.terminalId,
        amount: { value: 1050, currency: 'CHF' },
        orderId: `${name}-order-1`,
        description: `${name} invoice`,
        expirationDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 19) + 'Z',
        payer: { languageCode: 'de' },
      },
    }),
    201,
  ).link;

  const day = zurichDay(1).day;
  const report = expectStatus(
    'transaction report',
    await api<Schemas['ReportExportDto']>(`/merchant-accounts/${accountId}/transaction-reports`, {
      method: 'POST',
      json: { from: day, to: day },
    }),
    202,
  );
  if (!report.job) throw new Error('seeding: the report day was fetched already');
  await finished('transaction report', report.job.id);

  const invite = async (note: string) =>
    expectStatus(
      'invitation',
      await api<Schemas['IssuedInvitationDto']>(`/franchises/${franchise.id}/invitations`, {
        method: 'POST',
        json: { note: `${name} ${note}` },
      }),
      201,
    );
  const invitation = await invite('staff');
  const spareInvitation = await invite('spare');

  const ids: Record<string, string> = {
    jobId: onboarding.id,
    operatorKeyId: extraKey.id,
    franchiseId: franchise.id,
    accountId,
    version: '1',
    shopId: shop.id,
    tokenId: fieldsToken.token.id,
    shopTokenId: spareShopToken.id,
    eventId: events.items[0].id,
    endpointId: endpoint.id,
    deliveryId: deliveries.items[0].id,
    invitationId: spareInvitation.id,
    linkId: link.id,
  };
  return {
    name,
    tenantId,
    operatorKey,
    shopToken: shopToken.token,
    invitationToken: invitation.token,
    ids,
    moreIds: { jobId: [drift.job.id, report.job.id] },
    fields: { terminalId: ecom.terminalId, customerId: account.customerId },
    markers: [
      tenantId,
      ...Object.entries(ids)
        .filter(([param]) => param !== 'version')
        .map(([, id]) => id),
      drift.job.id,
      report.job.id,
      shopToken.id,
      invitation.id,
      `${name} Franchise`,
      `${name} Shop`,
      `${name}-order-1`,
    ],
  };
}
