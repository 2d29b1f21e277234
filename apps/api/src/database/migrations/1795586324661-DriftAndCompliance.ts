import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DriftAndCompliance1795586324661 implements MigrationInterface {
  name = 'DriftAndCompliance1795586324661';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "franchise_policies" ("franchise_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "policy" jsonb NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_26fbb384cf2613ade32bbd4832d" PRIMARY KEY ("franchise_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "drift_check_items" ("job_id" uuid NOT NULL, "account_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "status" text NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE, "changed" boolean, "snapshot_version" integer, "event_count" integer NOT NULL DEFAULT \'0\', "error_code" text, "error_message" text, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8b0e7f793ec040055941fea197f" PRIMARY KEY ("job_id", "account_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_drift_check_items_tenant" ON "drift_check_items" ("tenant_id", "account_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "drift_schedules" ("tenant_id" uuid NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "interval_minutes" integer NOT NULL, "next_run_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "last_job_id" uuid, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2c3c00bdea680f6b6518be370ff" PRIMARY KEY ("tenant_id"))',
    );
    await queryRunner.query('ALTER TABLE "merchant_accounts" ADD "compliance" jsonb');
    await queryRunner.query(
      'ALTER TABLE "franchise_policies" ADD CONSTRAINT "FK_26fbb384cf2613ade32bbd4832d" FOREIGN KEY ("franchise_id") REFERENCES "franchises"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "franchise_policies" ADD CONSTRAINT "FK_70909514fef52582226c58f166a" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "drift_check_items" ADD CONSTRAINT "FK_c52b25c1f5aeac7462e25074e47" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "drift_check_items" ADD CONSTRAINT "FK_159c6ca3a1a6fa088244ba73674" FOREIGN KEY ("account_id") REFERENCES "merchant_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "drift_schedules" ADD CONSTRAINT "FK_2c3c00bdea680f6b6518be370ff" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "drift_schedules" DROP CONSTRAINT "FK_2c3c00bdea680f6b6518be370ff"',
    );
    await queryRunner.query(
      'ALTER TABLE "drift_check_items" DROP CONSTRAINT "FK_159c6ca3a1a6fa088244ba73674"',
    );
    await queryRunner.query(
      'ALTER TABLE "drift_check_items" DROP CONSTRAINT "FK_c52b25c1f5aeac7462e25074e47"',
    );
    await queryRunner.query(
      'ALTER TABLE "franchise_policies" DROP CONSTRAINT "FK_70909514fef52582226c58f166a"',
    );
    await queryRunner.query(
      'ALTER TABLE "franchise_policies" DROP CONSTRAINT "FK_26fbb384cf2613ade32bbd4832d"',
    );
    await queryRunner.query('ALTER TABLE "merchant_accounts" DROP COLUMN "compliance"');
    await queryRunner.query('DROP TABLE "drift_schedules"');
    await queryRunner.query('DROP INDEX "public"."idx_drift_check_items_tenant"');
    await queryRunner.query('DROP TABLE "drift_check_items"');
    await queryRunner.query('DROP TABLE "franchise_policies"');
  }
}
