/**
 * Contract of the Saferpay Management API (REST), spec version 1.53.
 *
 * - Types generated from `../management-api.openapi.yaml` (OpenAPI 3.1) by
 *   tools/contracts/generate-saferpay.mjs, plus friendly aliases below. Import them with
 *   `import type` from runtime code: type imports are erased and pull in nothing.
 * - `createContractValidator()`: validates requests/responses against the document. It loads
 *   ajv and yaml (devDependencies), so it is for tests and tooling, e.g. the sandbox's contract
 *   tests:
 *
 *   ```ts
 *   const contract = createContractValidator();
 *   const { valid, errors } = contract.validateResponse('getTerminals', 200, body);
 *   expect(errors).toEqual([]);
 *   ```
 *
 * Paths in the document are relative to `https://test.saferpay.com/api` (test) or
 * `https://www.saferpay.com/api` (live) and start with `/rest/customers/{customerId}/...`.
 */
export type { components, operations, paths } from './generated/management-api';
export {
  CONTRACT_DOCUMENT_PATH,
  createContractValidator,
  type ContractRequestParameters,
  type ContractValidationResult,
  type ContractValidator,
  type ContractValidatorOptions,
  type SaferpayOperationId,
  type SaferpaySchemaName,
} from './validator';

import type { components, operations } from './generated/management-api';

export type SaferpaySchemas = components['schemas'];

/** JSON body of the 200 answer of an operation. */
export type SaferpayResponseBody<Op extends keyof operations> =
  operations[Op]['responses'] extends {
    200: { content: { 'application/json': infer Body } };
  }
    ? Body
    : never;

// Licensing
export type SaferpayLicense = SaferpaySchemas['Licensing_CustomerLicense_Response'];
/** @deprecated Since spec 1.35; same shape as {@link SaferpayLicense}. */
export type SaferpayLicenseConfiguration =
  SaferpaySchemas['Licensing_CustomerLicenseConfiguration_Response'];
export type SaferpayLicensePackage = SaferpaySchemas['RestApi_Models_LicensePackage'];
export type SaferpayFeature = SaferpaySchemas['RestApi_Models_Feature'];

// Payment page configurations (both casings, see the schema).
export type SaferpayPaymentPageConfigurations =
  SaferpaySchemas['PaymentPageConfig_GetConfigurations_Response'];
export type SaferpayPaymentPageConfig = SaferpaySchemas['RestApi_Models_PaymentPageConfigResult'];

// Terminals
/** One entry of GetTerminals; not unique by TerminalId (same id, different Type). */
export type SaferpayTerminal = SaferpaySchemas['RestApi_Models_TerminalResult'];
export type SaferpayTerminals = SaferpaySchemas['Terminals_GetTerminals_Response'];
export type SaferpayTerminalDetails = SaferpaySchemas['Terminal_GetTerminal_Response'];
export type SaferpayTerminalType = NonNullable<SaferpayTerminal['Type']>;
/** @deprecated Since spec 1.31; use {@link SaferpayTerminalDetails}. */
export type SaferpayPaymentMethods = SaferpaySchemas['TerminalInfo_PaymentMethods_Response'];
export type SaferpayPaymentMethodInfo = SaferpaySchemas['RestApi_Models_PaymentMethodInfo'];
export type SaferpayWalletInfo = SaferpaySchemas['RestApi_Models_WalletInfo'];

// Saferpay Fields access tokens
export type SaferpayFieldsAccessTokenRequest =
  SaferpaySchemas['SaferpayFieldsAccessToken_CreateAccessToken_Request'];
export type SaferpayFieldsAccessTokenResponse =
  SaferpaySchemas['SaferpayFieldsAccessToken_CreateAccessToken_Response'];

// Secure PayGate offers
export type SaferpaySpgOfferRequest =
  SaferpaySchemas['SecurePayGate_CreateSingleUsePaymentLink_Request'];
export type SaferpaySpgOfferCreated =
  SaferpaySchemas['SecurePayGate_CreateSingleUsePaymentLink_Response'];
export type SaferpaySpgOffer = SaferpaySchemas['SecurePayGate_SingleUsePaymentLink_Response'];
export type SaferpaySpgOfferStatus = NonNullable<SaferpaySpgOffer['Status']>;

// Transaction reporting
export type SaferpayTransactionsQuery = NonNullable<
  operations['getTransactions']['parameters']['query']
>;
export type SaferpayTransactionsPage =
  SaferpaySchemas['TransactionReporting_GetTransactions_Response'];
export type SaferpayRawTransaction = SaferpaySchemas['RestApi_Models_Transactions_Transaction'];
export type SaferpayAuthorizationDetails =
  SaferpaySchemas['RestApi_Models_Transactions_AuthorizationDetails'];
export type SaferpayFailedDetails = SaferpaySchemas['RestApi_Models_Transactions_FailedDetails'];
export type SaferpayPendingDetails = SaferpaySchemas['RestApi_Models_Transactions_PendingDetails'];
export type SaferpayResponseAddress = SaferpaySchemas['Common_Models_Data_ResponseAddress'];
export type SaferpayResponseBillingAddress =
  SaferpaySchemas['Common_Models_Data_ResponseBillingAddress'];

// Amounts
/** Minor units, value > 0 (`{ Value: '100', CurrencyCode: 'CHF' }` = CHF 1.00). */
export type SaferpayAmount = SaferpaySchemas['Common_Models_Data_AmountWithoutZero'];
export type SaferpayAmountWithZero = SaferpaySchemas['Common_Models_Data_AmountWithZero'];

// Errors
export type SaferpayErrorBody = SaferpaySchemas['ErrorResponse'];
export type SaferpayBehavior = SaferpayErrorBody['Behavior'];
