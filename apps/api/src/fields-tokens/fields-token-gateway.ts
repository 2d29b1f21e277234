import { Injectable } from '@nestjs/common';
import { SaferpayApiError, type SaferpayCredentials } from '@platform/saferpay-client';
import { notFound } from '@api/common/problem/problem.exception';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { MerchantAccountsService } from '@api/merchant-accounts/merchant-accounts.service';
import { SaferpayClients } from '@api/saferpay/saferpay-clients';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import type { FieldsTokenEntity } from './fields-token.entity';
import { fieldsTokenAad } from './fields-token-aad';
import { FieldsTokensRepository } from './fields-tokens.repository';

/** `67f4…86f3`: enough to match the Saferpay Backoffice, useless to an attacker. */
export function maskToken(token: string): string {
  return token.length <= 8 ? '…' : `${token.slice(0, 4)}…${token.slice(-4)}`;
}

/**
 * Whether a failed create certainly made no token: Saferpay answered with a
 * final refusal (validation, permissions, credentials). Timeouts, network
 * failures and exhausted RETRY answers are uncertain: the intent stays
 * `provisioning` and is recovered with the same RequestId.
 */
export function isDefinitiveRefusal(error: unknown): error is SaferpayApiError {
  return (
    error instanceof SaferpayApiError &&
    ((error.kind === 'http' && !error.retryable) || error.kind === 'invalid-request')
  );
}

/** A short, secret-free reason for `lastError`. */
export function errorReason(error: unknown): string {
  if (error instanceof SaferpayApiError) {
    return `${error.errorName ?? error.kind}${error.status ? ` (HTTP ${error.status})` : ''}`;
  }
  return error instanceof Error ? error.name : 'unknown';
}

/** Saferpay calls for Fields tokens, with the account's credentials and the token ciphertext. */
@Injectable()
export class FieldsTokenGateway {
  constructor(
    private readonly accounts: MerchantAccountsRepository,
    private readonly merchantAccounts: MerchantAccountsService,
    private readonly saferpay: SaferpayClients,
    private readonly cipher: CredentialCipher,
    private readonly tokens: FieldsTokensRepository,
  ) {}

  /** Creates the token with the intent's own RequestId (a retry of it is the same request). */
  async create(token: FieldsTokenEntity): Promise<string> {
    const { client, credentials } = await this.clientFor(token);
    const answer = await client.createFieldsAccessToken(
      credentials,
      token.terminalId,
      { SourceUrls: token.sourceUrls, Description: token.description },
      { requestId: token.requestId },
    );
    return answer.AccessToken;
  }

  /** Deletes one token at Saferpay; one Saferpay no longer knows counts as deleted. */
  async delete(token: FieldsTokenEntity, accessToken: string): Promise<void> {
    const { client, credentials } = await this.clientFor(token);
    try {
      await client.deleteFieldsAccessToken(credentials, token.terminalId, accessToken);
    } catch (error) {
      if (error instanceof SaferpayApiError && error.errorName === 'TOKEN_INVALID') return;
      throw error;
    }
  }

  /**
   * Clears every token of the intent's terminal at Saferpay, when the operator
   * declared the platform owns them (FIELDS_TOKEN_EXCLUSIVE_TERMINALS) and no
   * other live token of ours is on it. True when the terminal was cleared.
   */
  async clearTerminalIfOwned(token: FieldsTokenEntity, owned: boolean): Promise<boolean> {
    if (!owned) return false;
    const account = await this.accounts.findById(token.tenantId, token.accountId);
    if (!account) return false;
    if (await this.tokens.otherLiveOnTerminal(token, account.customerId, account.environment)) {
      return false;
    }
    const { client, credentials } = await this.clientFor(token);
    await client.deleteFieldsAccessTokens(credentials, token.terminalId);
    return true;
  }

  seal(tokenId: string, accessToken: string): string {
    return this.cipher.encrypt(accessToken, fieldsTokenAad(tokenId));
  }

  open(token: FieldsTokenEntity): string | null {
    return token.tokenCiphertext
      ? this.cipher.decrypt(token.tokenCiphertext, fieldsTokenAad(token.id))
      : null;
  }

  private async clientFor(token: FieldsTokenEntity) {
    const account = await this.accounts.findById(token.tenantId, token.accountId);
    if (!account) throw notFound('Merchant account', token.accountId);
    const credentials: SaferpayCredentials = {
      customerId: account.customerId,
      ...this.merchantAccounts.credentialsOf(account),
    };
    return { client: this.saferpay.forEnvironment(account.environment), credentials };
  }
}
