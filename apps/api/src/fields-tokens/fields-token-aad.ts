/**
 * The associated data that binds a token's ciphertext to its row. Its own file so the
 * shop documents, which decrypt the active token, need not import the Saferpay gateway.
 */
export function fieldsTokenAad(tokenId: string): string {
  return `fields_tokens:${tokenId}:token`;
}
