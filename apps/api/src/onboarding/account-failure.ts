import { SaferpayApiError } from '@platform/saferpay-client';
import type { AccountStateChange } from '@api/merchant-accounts/merchant-accounts.repository';
import { DecryptionError } from '@api/secrets/credential-cipher';

/**
 * What a Saferpay error that survived the client's retries means for the
 * account, in words a franchise manager understands. Anything that is not a
 * Saferpay error is ours (database, bug) and fails the job attempt instead.
 */
export function accountFailure(error: unknown): AccountStateChange | undefined {
  if (error instanceof DecryptionError) {
    return {
      state: 'needs_attention',
      stateReason: 'CREDENTIALS_UNREADABLE',
      stateDetail:
        'The stored credentials cannot be decrypted with the configured encryption keys. Enter the username and password again.',
    };
  }
  if (!(error instanceof SaferpayApiError)) return undefined;
  const reason =
    error.errorName ?? (error.status ? `HTTP_${error.status}` : error.kind.toUpperCase());
  if (error.status === 401 || error.errorName === 'AUTHENTICATION_FAILED') {
    return {
      state: 'credentials_rejected',
      stateReason: error.errorName ?? 'AUTHENTICATION_FAILED',
      stateDetail:
        'Saferpay rejected the JSON API username or password. Check them in the Saferpay Backoffice and update the account.',
    };
  }
  if (error.errorName === 'PERMISSION_DENIED' || error.status === 403) {
    return {
      state: 'needs_attention',
      stateReason: reason,
      stateDetail:
        error.errorName === 'PERMISSION_DENIED'
          ? 'The JSON API user may not read this customer. Check that the customer id belongs to these credentials.'
          : 'Saferpay refused the request (access denied, no details). Check the customer id and that the account may use the Management API.',
    };
  }
  const detail =
    error.kind === 'timeout' || error.kind === 'network'
      ? 'Saferpay could not be reached after several attempts. The account will be read again by the next check.'
      : `Saferpay answered ${reason} while reading the account${error.errorMessage ? ` ("${error.errorMessage}")` : ''}.`;
  return { state: 'needs_attention', stateReason: reason, stateDetail: detail };
}
