import { randomUUID } from 'node:crypto';
import { actionNotSupported, tokenInvalid } from '../errors/saferpay-error';
import { validateFieldsTokenRequest } from '../validation/fields-token-request';
import { empty, json, param, requireTerminal, type OperationDefinition } from './operation';

/**
 * Saferpay Fields run on eCommerce terminals; the sandbox refuses tokens for a TerminalId
 * that has no ECOM entry (ACTION_NOT_SUPPORTED). Strict on purpose, see README.
 */
export const fieldsAccessTokenOperations: OperationDefinition[] = [
  {
    operation: 'CreateFieldsAccessToken',
    method: 'post',
    path: '/terminals/:terminalId/fields-access-tokens',
    body: true,
    handle: (request) => {
      const terminalId = param(request, 'terminalId');
      const entries = requireTerminal(request, terminalId);
      const input = validateFieldsTokenRequest(request.body);
      if (!entries.some((t) => t.type === 'ECOM')) {
        throw actionNotSupported(`Terminal ${terminalId} is not an eCommerce (ECOM) terminal.`);
      }
      const accessToken = randomUUID();
      request.runtime.state.addToken({
        accessToken,
        customerId: request.account.customerId,
        terminalId,
        description: input.description,
        sourceUrls: input.sourceUrls,
        createdAt: request.now,
      });
      return json({ AccessToken: accessToken });
    },
  },
  {
    operation: 'DeleteFieldsAccessTokens',
    method: 'delete',
    path: '/terminals/:terminalId/fields-access-tokens',
    handle: (request) => {
      const terminalId = param(request, 'terminalId');
      requireTerminal(request, terminalId);
      request.runtime.state.deleteTokens(request.account.customerId, terminalId);
      return empty();
    },
  },
  {
    operation: 'DeleteFieldsAccessToken',
    method: 'delete',
    path: '/terminals/:terminalId/fields-access-tokens/:accessToken',
    handle: (request) => {
      const terminalId = param(request, 'terminalId');
      requireTerminal(request, terminalId);
      const accessToken = param(request, 'accessToken');
      if (!request.runtime.state.deleteToken(request.account.customerId, terminalId, accessToken)) {
        throw tokenInvalid(
          `The access token does not exist for terminal ${terminalId} or was already deleted.`,
        );
      }
      return empty();
    },
  },
];
