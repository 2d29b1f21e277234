import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who (principal) did what (operation) to which resource, when, and how it ended. Written
 * for every authenticated request that can change something; holds no body, header or
 * query value, so no secret can end up here.
 */
@Entity({ name: 'audit_log' })
@Index('idx_audit_log_tenant_page', ['tenantId', 'createdAt', 'id'])
@Index('idx_audit_log_tenant_resource', ['tenantId', 'resourceId', 'createdAt'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // No foreign key: the log outlives what it describes (a deleted franchise's history stays).
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** `operator`, … (the principal kind). */
  @Column({ name: 'principal_kind', type: 'text' })
  principalKind!: string;

  /** The operator key's id (never the key), the shop token's id, … */
  @Column({ name: 'principal_id', type: 'uuid' })
  principalId!: string;

  /** The operation id, e.g. `createFranchise`. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  method!: string;

  /** The route template, e.g. `/franchises/:franchiseId/policy`. */
  @Column({ type: 'text' })
  route!: string;

  /** The route's last id parameter (the resource acted on), when it has one. */
  @Column({ name: 'resource_id', type: 'text', nullable: true })
  resourceId!: string | null;

  /** Every id parameter of the route, e.g. `{ franchiseId }`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  params!: Record<string, string>;

  @Column({ type: 'int' })
  status!: number;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
