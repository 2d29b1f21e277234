import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Our own bearer tokens: `<prefix>_<43 base64url chars>` (256 random bits).
 * The readable prefix lets secret scanners find leaked tokens and tells a
 * human which kind of principal a token is. Tokens are shown once and only
 * their SHA-256 hash is stored: with 256 bits of entropy a slow KDF adds nothing.
 */
export const TOKEN_PREFIXES = {
  operatorKey: 'sap_op',
  franchiseInvitation: 'sap_inv',
  shopToken: 'sap_shop',
} as const;

export type TokenKind = keyof typeof TOKEN_PREFIXES;

const TOKEN_PATTERN = /^(sap_[a-z]+)_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  /** The full secret, to be shown once. */
  token: string;
  /** Hex SHA-256 of the full token, the only form we store. */
  hash: string;
  /** A non-secret hint (prefix and first characters) for listings. */
  hint: string;
}

export function issueToken(kind: TokenKind): IssuedToken {
  const token = `${TOKEN_PREFIXES[kind]}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token), hint: tokenHint(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenHint(token: string): string {
  const match = TOKEN_PATTERN.exec(token);
  return match ? `${match[1]}_${match[2].slice(0, 4)}…` : '…';
}

/** The kind a token claims by its prefix, or undefined for anything malformed. */
export function tokenKindOf(token: string): TokenKind | undefined {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return undefined;
  const entry = Object.entries(TOKEN_PREFIXES).find(([, prefix]) => prefix === match[1]);
  return entry ? (entry[0] as TokenKind) : undefined;
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
