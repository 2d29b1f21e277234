import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ShopEntity } from '@api/shops/shop.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';

/**
 * A bearer token of one shop (`sap_shop_…`): reads that shop's capability document and
 * nothing else. Only its SHA-256 hash is stored; a shop may hold several at once to rotate.
 */
@Entity({ name: 'shop_tokens' })
@Index('idx_shop_tokens_shop', ['tenantId', 'shopId', 'createdAt', 'id'])
export class ShopTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  /** Deleting the shop deletes its tokens: they can never name another shop. */
  @ManyToOne(() => ShopEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shop_id' })
  shop?: ShopEntity;

  /** The operator's label, e.g. where the token is deployed. */
  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Index('uq_shop_tokens_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'text' })
  hint!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  /** Written in batches (SHOP_TOKEN_LAST_USED_FLUSH_MS), never per request. */
  @Column({ name: 'last_used_at', type: 'timestamptz', precision: 3, nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
