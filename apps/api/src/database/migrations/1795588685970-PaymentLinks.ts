import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentLinks1795588685970 implements MigrationInterface {
  name = 'PaymentLinks1795588685970';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "payment_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "franchise_id" uuid NOT NULL, "account_id" uuid NOT NULL, "terminal_id" text NOT NULL, "status" text NOT NULL, "offer_id" uuid, "payment_link" text, "request_id" uuid NOT NULL, "idempotency_key_hash" character(64), "request_hash" character(64) NOT NULL, "saferpay_request" jsonb NOT NULL, "amount_value" bigint NOT NULL, "currency" character(3) NOT NULL, "order_id" text NOT NULL, "description" text NOT NULL, "expiration_text" text NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "transaction_id" text, "call_locked_until" TIMESTAMP(3) WITH TIME ZONE, "last_synced_at" TIMESTAMP(3) WITH TIME ZONE, "last_error" text, "disabled_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5b176ff8200166713c53d6c3ada" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_payment_links_sync" ON "payment_links" ("status", "last_synced_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_payment_links_franchise_page" ON "payment_links" ("tenant_id", "franchise_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_payment_links_account_page" ON "payment_links" ("tenant_id", "account_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_payment_links_idempotency" ON "payment_links" ("tenant_id", "idempotency_key_hash") WHERE "idempotency_key_hash" IS NOT NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "payment_links" ADD CONSTRAINT "FK_13f5fbd3508974ff10644ed0488" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "payment_links" ADD CONSTRAINT "FK_02eabd57466ed6579e8bbe4656d" FOREIGN KEY ("account_id") REFERENCES "merchant_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "payment_links" DROP CONSTRAINT "FK_02eabd57466ed6579e8bbe4656d"',
    );
    await queryRunner.query(
      'ALTER TABLE "payment_links" DROP CONSTRAINT "FK_13f5fbd3508974ff10644ed0488"',
    );
    await queryRunner.query('DROP INDEX "public"."uq_payment_links_idempotency"');
    await queryRunner.query('DROP INDEX "public"."idx_payment_links_account_page"');
    await queryRunner.query('DROP INDEX "public"."idx_payment_links_franchise_page"');
    await queryRunner.query('DROP INDEX "public"."idx_payment_links_sync"');
    await queryRunner.query('DROP TABLE "payment_links"');
  }
}
