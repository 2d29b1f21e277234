import type { SaferpayLicense } from '@platform/saferpay-contract';
import { SaferpayApiError } from './errors';
import type { SaferpayLogger } from './logger';

export interface LicenseWithSource {
  source: 'license' | 'license-configuration';
  license: SaferpayLicense;
}

/**
 * When getLicenseWithFallback retries on the deprecated /license-configuration. Only when
 * /license itself is not offered:
 * - 404/405: the route does not exist on that server (older deployment, sandbox);
 * - ErrorName ACTION_NOT_SUPPORTED (any status): Saferpay's stable id for "not supported in
 *   this context", the documented way to say the account/spec version lacks the action.
 * Bare 400/406 are NOT enough: they also mean a broken request (bad header, bad Accept), which
 * the deprecated endpoint would hide. 401/403/5xx/timeouts are never a reason: they hit both
 * endpoints alike, and a second request would only double the load during an outage.
 */
export function licenseFallbackApplies(error: unknown): boolean {
  if (!(error instanceof SaferpayApiError) || error.kind !== 'http') return false;
  if (error.status === 404 || error.status === 405) return true;
  return error.errorName === 'ACTION_NOT_SUPPORTED';
}

/** The two license endpoints of one customer, already bound to credentials and call options. */
export interface LicenseEndpoints {
  customerId: string;
  license: () => Promise<SaferpayLicense>;
  licenseConfiguration: () => Promise<SaferpayLicense>;
}

/** /license, or /license-configuration when {@link licenseFallbackApplies}; logs the fallback. */
export async function licenseWithFallback(
  endpoints: LicenseEndpoints,
  logger: SaferpayLogger,
): Promise<LicenseWithSource> {
  try {
    return { source: 'license', license: await endpoints.license() };
  } catch (error) {
    if (!licenseFallbackApplies(error)) throw error;
    const apiError = error as SaferpayApiError;
    logger.info(
      {
        operation: 'getLicense',
        customerId: endpoints.customerId,
        requestId: apiError.requestId,
        status: apiError.status,
        errorName: apiError.errorName,
      },
      'saferpay /license not offered, falling back to /license-configuration',
    );
    const license = await endpoints.licenseConfiguration();
    return { source: 'license-configuration', license };
  }
}
