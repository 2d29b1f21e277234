/** The 13 Management API operations, as named in the request log and in fault rules. */
export const OPERATIONS = [
  'GetLicense',
  'GetLicenseConfiguration',
  'GetPaymentPageConfigurations',
  'GetTerminals',
  'GetTerminal',
  'GetTerminalPaymentMethods',
  'CreateFieldsAccessToken',
  'DeleteFieldsAccessTokens',
  'DeleteFieldsAccessToken',
  'CreateSpgOffer',
  'GetSpgOffer',
  'DeleteSpgOffer',
  'GetTransactions',
] as const;
export type OperationName = (typeof OPERATIONS)[number];

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (OPERATIONS as readonly string[]).includes(value);
}
