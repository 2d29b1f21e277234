import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';
import { ShopEntity } from '@api/shops/shop.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';

export const FIELDS_TOKEN_STATES = [
  'provisioning',
  'active',
  'retiring',
  'revoking',
  'revoked',
  'failed',
] as const;
export type FieldsTokenState = (typeof FIELDS_TOKEN_STATES)[number];

/**
 * A Saferpay Fields access token, and before that the intent to create one:
 * the row is written (`provisioning`, with its Saferpay-RequestId and the
 * description sent) before Saferpay is called, so a crash never loses track of
 * a token Saferpay may have made. The token value is AES-256-GCM ciphertext
 * bound to this row's id.
 */
@Entity({ name: 'fields_tokens' })
@Index('idx_fields_tokens_shop', ['tenantId', 'shopId', 'createdAt', 'id'])
@Index('idx_fields_tokens_state', ['state', 'updatedAt'])
export class FieldsTokenEntity {
  /** Assigned by the app before insert: the ciphertext is bound to it. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  /** Null once the shop is deleted (its tokens are revoked, the rows kept as the record). */
  @Column({ name: 'shop_id', type: 'uuid', nullable: true })
  shopId!: string | null;

  @ManyToOne(() => ShopEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'shop_id' })
  shop?: ShopEntity;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => MerchantAccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: MerchantAccountEntity;

  @Column({ name: 'terminal_id', type: 'text' })
  terminalId!: string;

  @Column({ type: 'text' })
  state!: FieldsTokenState;

  @Column({ name: 'token_ciphertext', type: 'text', nullable: true })
  tokenCiphertext!: string | null;

  /** e.g. `67f4…86f3`: enough to match the Backoffice, useless to an attacker. */
  @Column({ name: 'token_hint', type: 'text', nullable: true })
  tokenHint!: string | null;

  /** The Saferpay-RequestId of the create; a recovery retries with this same id. */
  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'source_urls', type: 'text', array: true })
  sourceUrls!: string[];

  /** The token this one replaces (a rotation); it becomes `retiring` when this one is active. */
  @Column({ name: 'replaces_id', type: 'uuid', nullable: true })
  replacesId!: string | null;

  /** Why the last Saferpay call for this token failed (Saferpay's ErrorName or the error kind). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'activated_at', type: 'timestamptz', precision: 3, nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'retire_after', type: 'timestamptz', precision: 3, nullable: true })
  retireAfter!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
