import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MerchantAccountsAndSnapshots1795577013050 implements MigrationInterface {
  name = 'MerchantAccountsAndSnapshots1795577013050';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "merchant_accounts" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "franchise_id" uuid NOT NULL, "customer_id" text NOT NULL, "environment" text NOT NULL, "label" text NOT NULL, "credentials_ciphertext" text NOT NULL, "state" text NOT NULL DEFAULT \'pending\', "state_reason" text, "state_detail" text, "latest_snapshot_version" integer, "last_read_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_27854f4b432bf52511837d67830" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_merchant_accounts_page" ON "merchant_accounts" ("tenant_id", "franchise_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_merchant_accounts_customer" ON "merchant_accounts" ("tenant_id", "franchise_id", "customer_id", "environment") ',
    );
    await queryRunner.query(
      'CREATE TABLE "onboarding_items" ("job_id" uuid NOT NULL, "account_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "status" text NOT NULL DEFAULT \'pending\', "error_code" text, "error_message" text, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d0fcb073bb4f440151165bc8f70" PRIMARY KEY ("job_id", "account_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_onboarding_items_pending" ON "onboarding_items" ("job_id", "status") ',
    );
    await queryRunner.query(
      'CREATE TABLE "capability_snapshots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "account_id" uuid NOT NULL, "version" integer NOT NULL, "content_hash" character(64) NOT NULL, "snapshot" jsonb NOT NULL, "raw_reads" jsonb NOT NULL, "read_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a03c6067e416c1d2e04a8333176" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_capability_snapshots_tenant" ON "capability_snapshots" ("tenant_id", "account_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_capability_snapshots_version" ON "capability_snapshots" ("account_id", "version") ',
    );
    await queryRunner.query(
      'ALTER TABLE "merchant_accounts" ADD CONSTRAINT "FK_022aade72fa145f4bbf40be60a3" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "merchant_accounts" ADD CONSTRAINT "FK_7fd087a81a42eb83412a95c543e" FOREIGN KEY ("franchise_id") REFERENCES "franchises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "onboarding_items" ADD CONSTRAINT "FK_c5f00841e2793c1fb4edd6b352f" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "onboarding_items" ADD CONSTRAINT "FK_2172bc6fbfe2c2bd208c44bf5c9" FOREIGN KEY ("account_id") REFERENCES "merchant_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "capability_snapshots" ADD CONSTRAINT "FK_3f1b207fe119919a46aa43c225e" FOREIGN KEY ("account_id") REFERENCES "merchant_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "capability_snapshots" DROP CONSTRAINT "FK_3f1b207fe119919a46aa43c225e"',
    );
    await queryRunner.query(
      'ALTER TABLE "onboarding_items" DROP CONSTRAINT "FK_2172bc6fbfe2c2bd208c44bf5c9"',
    );
    await queryRunner.query(
      'ALTER TABLE "onboarding_items" DROP CONSTRAINT "FK_c5f00841e2793c1fb4edd6b352f"',
    );
    await queryRunner.query(
      'ALTER TABLE "merchant_accounts" DROP CONSTRAINT "FK_7fd087a81a42eb83412a95c543e"',
    );
    await queryRunner.query(
      'ALTER TABLE "merchant_accounts" DROP CONSTRAINT "FK_022aade72fa145f4bbf40be60a3"',
    );
    await queryRunner.query('DROP INDEX "public"."uq_capability_snapshots_version"');
    await queryRunner.query('DROP INDEX "public"."idx_capability_snapshots_tenant"');
    await queryRunner.query('DROP TABLE "capability_snapshots"');
    await queryRunner.query('DROP INDEX "public"."idx_onboarding_items_pending"');
    await queryRunner.query('DROP TABLE "onboarding_items"');
    await queryRunner.query('DROP INDEX "public"."uq_merchant_accounts_customer"');
    await queryRunner.query('DROP INDEX "public"."idx_merchant_accounts_page"');
    await queryRunner.query('DROP TABLE "merchant_accounts"');
  }
}
