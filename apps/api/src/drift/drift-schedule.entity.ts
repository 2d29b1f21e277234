import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TenantEntity } from '@api/tenants/tenant.entity';

/**
 * When a tenant's next scheduled drift check is due. Created for each tenant by the
 * scheduler with a random first run, so tenants spread over the interval.
 */
@Entity({ name: 'drift_schedules' })
export class DriftScheduleEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @OneToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'interval_minutes', type: 'int' })
  intervalMinutes!: number;

  @Column({ name: 'next_run_at', type: 'timestamptz', precision: 3 })
  nextRunAt!: Date;

  /** The job of the last scheduled cycle. */
  @Column({ name: 'last_job_id', type: 'uuid', nullable: true })
  lastJobId!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
