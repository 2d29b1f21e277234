import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { FranchiseEntity } from '@api/franchises/franchise.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';

/**
 * A franchise's required capabilities, stored normalized (`normalizePolicy`). The version
 * grows on every write, so an account's compliance says which policy it was judged by.
 */
@Entity({ name: 'franchise_policies' })
export class FranchisePolicyEntity {
  @PrimaryColumn({ name: 'franchise_id', type: 'uuid' })
  franchiseId!: string;

  @ManyToOne(() => FranchiseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'franchise_id' })
  franchise?: FranchiseEntity;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  /** A `CapabilityPolicy` of `@platform/capabilities`. */
  @Column({ type: 'jsonb' })
  policy!: Record<string, unknown>;

  @Column({ type: 'int' })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
