import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { FranchiseEntity } from '@api/franchises/franchise.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';

/**
 * A link that lets franchise staff onboard that one franchise's accounts in the wizard.
 * Only the token's SHA-256 is stored; the token itself is in the creation answer only.
 */
@Entity({ name: 'franchise_invitations' })
@Index('idx_franchise_invitations_franchise', ['tenantId', 'franchiseId', 'createdAt'])
export class FranchiseInvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @Column({ name: 'franchise_id', type: 'uuid' })
  franchiseId!: string;

  @ManyToOne(() => FranchiseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'franchise_id' })
  franchise?: FranchiseEntity;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Index('uq_franchise_invitations_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'text' })
  hint!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
