import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { ShopEntity } from '@api/shops/shop.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';

/**
 * A shop's precomputed capability document, rewritten in the transaction that changes
 * one of its inputs. The bytes hold the shop's Fields access token, so they are stored
 * AES-256-GCM encrypted, bound to the shop and the content hash.
 */
@Entity({ name: 'shop_documents' })
export class ShopDocumentEntity {
  @PrimaryColumn({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @OneToOne(() => ShopEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shop_id' })
  shop?: ShopEntity;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  /** base64url(SHA-256(bytes)): the strong ETag. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'body_ciphertext', type: 'text' })
  bodyCiphertext!: string;

  @Column({ name: 'schema_version', type: 'int' })
  schemaVersion!: number;

  /** When this content was first generated (an unchanged rebuild keeps it). */
  @Column({ name: 'generated_at', type: 'timestamptz', precision: 3 })
  generatedAt!: Date;
}
