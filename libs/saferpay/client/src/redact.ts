export const REDACTED = '[REDACTED]';

/**
 * Replaces every occurrence of the given secrets in `text`. Used on everything Saferpay sends
 * back that ends up in an error (ErrorMessage, ErrorDetail), because an error text may echo a
 * token or user name from the request.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  // Longest first so a secret containing another one is replaced as a whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length === 0) continue;
    result = result.split(secret).join(REDACTED);
  }
  return result;
}
