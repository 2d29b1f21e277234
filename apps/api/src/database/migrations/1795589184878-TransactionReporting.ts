import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TransactionReporting1795589184878 implements MigrationInterface {
  name = 'TransactionReporting1795589184878';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "report_transactions" ("account_id" uuid NOT NULL, "transaction_id" text NOT NULL, "tenant_id" uuid NOT NULL, "franchise_id" uuid NOT NULL, "transaction_state" text NOT NULL, "authorization_state" text, "type" text, "terminal_id" text NOT NULL, "terminal_type" text, "payment_method" text NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "amount_value" bigint NOT NULL, "currency" text NOT NULL, "captured_value" bigint, "order_id" text, "description" text, "window_id" uuid NOT NULL, "raw" jsonb NOT NULL, "fetched_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_dfc8fef7a2e4efeacc1b3ab1408" PRIMARY KEY ("account_id", "transaction_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_report_transactions_franchise_export" ON "report_transactions" ("tenant_id", "franchise_id", "occurred_at", "transaction_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_report_transactions_account_export" ON "report_transactions" ("tenant_id", "account_id", "occurred_at", "transaction_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "transaction_report_settings" ("account_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "daily_enabled" boolean NOT NULL DEFAULT false, "time_zone" text NOT NULL DEFAULT \'Europe/Zurich\', "day_start_minute" integer NOT NULL DEFAULT \'0\', "transaction_states" text array NOT NULL DEFAULT \'{SUCCESSFUL}\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9d44ea048a63643f347d947be3f" PRIMARY KEY ("account_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "transaction_report_windows" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "account_id" uuid NOT NULL, "transaction_state" text NOT NULL, "business_day" text NOT NULL, "window_start" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "window_end" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT \'pending\', "page_size" integer, "total_transactions" integer, "pages_total" integer, "pages_done" integer NOT NULL DEFAULT \'0\', "transactions_stored" integer NOT NULL DEFAULT \'0\', "requests" integer NOT NULL DEFAULT \'0\', "forced_count" integer NOT NULL DEFAULT \'0\', "last_error" text, "fetched_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ab01d4983362bf5e1b5fb373e9b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_report_windows_tenant" ON "transaction_report_windows" ("tenant_id", "account_id", "window_start") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_report_windows_day" ON "transaction_report_windows" ("account_id", "transaction_state", "business_day") ',
    );
    await queryRunner.query(
      'CREATE TABLE "transaction_report_locks" ("lock_key" text NOT NULL, "holder" text NOT NULL, "acquired_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1eeb6af0a3f4bf6e521c78b442e" PRIMARY KEY ("lock_key"))',
    );
    await queryRunner.query(
      'ALTER TABLE "report_transactions" ADD CONSTRAINT "FK_d2f8c466fd20275b7b44eb1f4b5" FOREIGN KEY ("account_id") REFERENCES "merchant_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "transaction_report_settings" ADD CONSTRAINT "FK_9d44ea048a63643f347d947be3f" FOREIGN KEY ("account_id") REFERENCES "merchant_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "transaction_report_windows" ADD CONSTRAINT "FK_2a0acd85e692b55706ab65aa544" FOREIGN KEY ("account_id") REFERENCES "merchant_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "transaction_report_windows" DROP CONSTRAINT "FK_2a0acd85e692b55706ab65aa544"',
    );
    await queryRunner.query(
      'ALTER TABLE "transaction_report_settings" DROP CONSTRAINT "FK_9d44ea048a63643f347d947be3f"',
    );
    await queryRunner.query(
      'ALTER TABLE "report_transactions" DROP CONSTRAINT "FK_d2f8c466fd20275b7b44eb1f4b5"',
    );
    await queryRunner.query('DROP TABLE "transaction_report_locks"');
    await queryRunner.query('DROP INDEX "public"."uq_report_windows_day"');
    await queryRunner.query('DROP INDEX "public"."idx_report_windows_tenant"');
    await queryRunner.query('DROP TABLE "transaction_report_windows"');
    await queryRunner.query('DROP TABLE "transaction_report_settings"');
    await queryRunner.query('DROP INDEX "public"."idx_report_transactions_account_export"');
    await queryRunner.query('DROP INDEX "public"."idx_report_transactions_franchise_export"');
    await queryRunner.query('DROP TABLE "report_transactions"');
  }
}
