import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Events1795585883715 implements MigrationInterface {
  name = 'Events1795585883715';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "type" text NOT NULL, "franchise_id" uuid, "account_id" uuid, "subject" jsonb NOT NULL, "before" jsonb, "after" jsonb, "summary" text NOT NULL, "snapshot_version_before" integer, "snapshot_version_after" integer, "drift_check_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_events_tenant_type" ON "events" ("tenant_id", "type", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_events_tenant_account" ON "events" ("tenant_id", "account_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_events_tenant_page" ON "events" ("tenant_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "events" ADD CONSTRAINT "FK_098a5d310151924de7369f1336a" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "events" DROP CONSTRAINT "FK_098a5d310151924de7369f1336a"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_events_tenant_page"');
    await queryRunner.query('DROP INDEX "public"."idx_events_tenant_account"');
    await queryRunner.query('DROP INDEX "public"."idx_events_tenant_type"');
    await queryRunner.query('DROP TABLE "events"');
  }
}
