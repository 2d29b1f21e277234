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
import { TenantEntity } from '@api/tenants/tenant.entity';

/** A franchise of an integrator: owns merchant accounts, shops and a capability policy. */
@Entity({ name: 'franchises' })
@Index('uq_franchises_tenant_name', ['tenantId', 'name'], { unique: true })
@Index('uq_franchises_tenant_external_ref', ['tenantId', 'externalRef'], { unique: true })
@Index('idx_franchises_tenant_page', ['tenantId', 'createdAt', 'id'])
export class FranchiseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @Column({ type: 'text' })
  name!: string;

  /** The integrator's own identifier for the franchise, unique within the tenant. */
  @Column({ name: 'external_ref', type: 'text', nullable: true })
  externalRef!: string | null;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
