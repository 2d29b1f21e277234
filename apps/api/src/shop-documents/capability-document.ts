import { createHash } from 'node:crypto';
import type { CapabilitySnapshot, SnapshotTerminal } from '@platform/capabilities';
import type { AccountCompliance } from '@api/merchant-accounts/merchant-account.entity';

/** Bumped on a breaking change of the document's shape; additions keep it. */
export const CAPABILITY_DOCUMENT_SCHEMA_VERSION = 1;

export interface CapabilityDocumentGap {
  kind: string;
  code: string;
  terminalType?: string;
  paymentMethod?: string;
  currency?: string;
  message: string;
}

/** What one shop may offer at checkout: the body of `GET /shop/capabilities`. */
export interface CapabilityDocument {
  schemaVersion: typeof CAPABILITY_DOCUMENT_SCHEMA_VERSION;
  shopId: string;
  name: string;
  account: { id: string; customerId: string; environment: string; state: string };
  terminal: { terminalId: string; type: string | null; description: string | null };
  paymentMethods: { code: string; currencies: string[]; logoUrl: string | null }[];
  wallets: { code: string; logoUrl: string | null }[];
  paymentPageConfigs: { name: string; isDefault: boolean }[];
  fieldsAccessToken: { value: string; customerId: string; terminalId: string } | null;
  snapshot: { version: number; readAt: string } | null;
  compliance: { compliant: boolean; gaps: CapabilityDocumentGap[] } | null;
}

export interface CapabilityDocumentInputs {
  shop: { id: string; name: string; terminalId: string };
  account: {
    id: string;
    customerId: string;
    environment: string;
    state: string;
    compliance: AccountCompliance | null;
  };
  /** The account's latest snapshot version; null before its first read. */
  snapshot: { version: number; readAt: Date; content: CapabilitySnapshot } | null;
  /** The shop's active Fields access token, decrypted; null when it has none. */
  fieldsToken: { value: string; terminalId: string } | null;
}

export interface SerializedDocument {
  bytes: Buffer;
  /** base64url(SHA-256(bytes)): the strong ETag's value. */
  hash: string;
}

/**
 * Builds a shop's document. Every object is built field by field in a fixed order (never
 * spread from jsonb, which reorders keys), so equal inputs give equal bytes and an
 * unchanged document keeps its ETag. Nothing time-dependent (no generation time) is in it.
 */
export function buildCapabilityDocument(inputs: CapabilityDocumentInputs): CapabilityDocument {
  const { shop, account, snapshot, fieldsToken } = inputs;
  const terminal = shopTerminal(snapshot?.content, shop.terminalId);
  return {
    schemaVersion: CAPABILITY_DOCUMENT_SCHEMA_VERSION,
    shopId: shop.id,
    name: shop.name,
    account: {
      id: account.id,
      customerId: account.customerId,
      environment: account.environment,
      state: account.state,
    },
    terminal: {
      terminalId: shop.terminalId,
      type: terminal?.type ?? null,
      description: terminal?.description ?? null,
    },
    paymentMethods: (terminal?.paymentMethods ?? []).map((method) => ({
      code: method.code,
      currencies: [...method.currencies],
      logoUrl: method.logoUrl ?? null,
    })),
    wallets: (terminal?.wallets ?? []).map((wallet) => ({
      code: wallet.code,
      logoUrl: wallet.logoUrl ?? null,
    })),
    paymentPageConfigs: (snapshot?.content.paymentPageConfigs ?? []).map((config) => ({
      name: config.name,
      isDefault: config.isDefault,
    })),
    fieldsAccessToken: fieldsToken
      ? {
          value: fieldsToken.value,
          customerId: account.customerId,
          terminalId: fieldsToken.terminalId,
        }
      : null,
    snapshot: snapshot
      ? { version: snapshot.version, readAt: snapshot.readAt.toISOString() }
      : null,
    compliance: account.compliance
      ? {
          compliant: account.compliance.compliant,
          gaps: account.compliance.gaps.map((gap) => ({
            kind: gap.kind,
            code: gap.code,
            ...(gap.terminalType !== undefined ? { terminalType: gap.terminalType } : {}),
            ...(gap.paymentMethod !== undefined ? { paymentMethod: gap.paymentMethod } : {}),
            ...(gap.currency !== undefined ? { currency: gap.currency } : {}),
            message: gap.message,
          })),
        }
      : null,
  };
}

/** The shop's terminal in the snapshot: its ECOM entry (Fields need one), else any of that id. */
function shopTerminal(
  snapshot: CapabilitySnapshot | undefined,
  terminalId: string,
): SnapshotTerminal | undefined {
  const matches = (snapshot?.terminals ?? []).filter((t) => t.terminalId === terminalId);
  return matches.find((t) => t.type === 'ECOM') ?? matches[0];
}

export function serializeDocument(document: CapabilityDocument): SerializedDocument {
  const bytes = Buffer.from(JSON.stringify(document), 'utf8');
  return { bytes, hash: documentHash(bytes) };
}

export function documentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url');
}
