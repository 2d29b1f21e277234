import type { Schemas } from '@platform/api-types';
import type { SandboxAccountSummary } from '@platform/testing';
import { call } from './http';

/** The registration body for a sandbox account, with the credentials the merchant handed over. */
export function registrationOf(account: SandboxAccountSummary, label = account.name) {
  return {
    customerId: account.customerId,
    environment: 'test' as const,
    label,
    username: account.givenCredentials.username,
    password: account.givenCredentials.password,
  };
}

/** Registers sandbox accounts in a franchise (bulk), which starts their onboarding job. */
export async function registerSandboxAccounts(
  baseUrl: string,
  key: string,
  franchiseId: string,
  accounts: SandboxAccountSummary[],
): Promise<Schemas['RegisteredMerchantAccountsDto']> {
  const registered = await call<Schemas['RegisteredMerchantAccountsDto']>(
    baseUrl,
    `/franchises/${franchiseId}/merchant-accounts/bulk`,
    { method: 'POST', key, json: { accounts: accounts.map((a) => registrationOf(a)) } },
  );
  if (registered.status !== 202) {
    throw new Error(`registration answered ${registered.status}: ${registered.text}`);
  }
  return registered.body;
}

/** Polls the job resource until the job succeeded or failed. */
export async function waitForJob(
  baseUrl: string | (() => string),
  key: string,
  jobId: string,
  { timeoutMs = 60_000, intervalMs = 50 } = {},
): Promise<Schemas['JobDto']> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const url = typeof baseUrl === 'string' ? baseUrl : baseUrl();
    const job = (await call<Schemas['JobDto']>(url, `/jobs/${jobId}`, { key })).body;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms`);
}
