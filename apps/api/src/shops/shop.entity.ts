import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { FranchiseEntity } from '@api/franchises/franchise.entity';
import { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';

/** A web shop of a franchise: embeds Saferpay Fields on one terminal of one merchant account. */
@Entity({ name: 'shops' })
@Index('idx_shops_page', ['tenantId', 'franchiseId', 'createdAt', 'id'])
export class ShopEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @Column({ name: 'franchise_id', type: 'uuid' })
  franchiseId!: string;

  @ManyToOne(() => FranchiseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'franchise_id' })
  franchise?: FranchiseEntity;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => MerchantAccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: MerchantAccountEntity;

  @Column({ name: 'terminal_id', type: 'text' })
  terminalId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Normalized, deduplicated https URLs, in the order given. */
  @Column({ name: 'source_urls', type: 'text', array: true })
  sourceUrls!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
