/** Saferpay's limit for a Fields access token's Description: Utf8[1..128]. */
export const MAX_DESCRIPTION_LENGTH = 128;

/**
 * The Description sent with a Fields access token: the shop's name and id, so
 * the Backoffice listing names the shop. "Utf8[1..128]" is ambiguous for
 * characters outside the BMP: the sandbox (like .NET string validation)
 * counts UTF-16 code units, so an emoji counts twice. We stay within 128 UTF-16
 * code units, which also keeps it within 128 code points, and cut the name only
 * between code points (never inside a surrogate pair); the id is never cut.
 * Control characters become spaces.
 */
export function tokenDescription(shopName: string, shopId: string): string {
  const prefix = 'Fields: ';
  const suffix = ` (shop ${shopId})`;
  const budget = MAX_DESCRIPTION_LENGTH - prefix.length - suffix.length;
  const name = shopName.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (name.length <= budget) return `${prefix}${name}${suffix}`;
  let cut = '';
  for (const codePoint of name) {
    // Room for the ellipsis (one code unit).
    if (cut.length + codePoint.length > budget - 1) break;
    cut += codePoint;
  }
  return `${prefix}${cut}…${suffix}`;
}
