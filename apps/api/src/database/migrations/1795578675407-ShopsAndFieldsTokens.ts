import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ShopsAndFieldsTokens1795578675407 implements MigrationInterface {
  name = 'ShopsAndFieldsTokens1795578675407';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "shops" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "franchise_id" uuid NOT NULL, "account_id" uuid NOT NULL, "terminal_id" text NOT NULL, "name" text NOT NULL, "source_urls" text array NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3c6aaa6607d287de99815e60b96" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_shops_page" ON "shops" ("tenant_id", "franchise_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "fields_tokens" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "shop_id" uuid, "account_id" uuid NOT NULL, "terminal_id" text NOT NULL, "state" text NOT NULL, "token_ciphertext" text, "token_hint" text, "request_id" uuid NOT NULL, "description" text NOT NULL, "source_urls" text array NOT NULL, "replaces_id" uuid, "last_error" text, "activated_at" TIMESTAMP(3) WITH TIME ZONE, "retire_after" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6e8766b20d5f90c6260aefe64c7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_fields_tokens_state" ON "fields_tokens" ("state", "updated_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_fields_tokens_shop" ON "fields_tokens" ("tenant_id", "shop_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "shops" ADD CONSTRAINT "FK_784726aa6910cf3f5eb79723f6c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shops" ADD CONSTRAINT "FK_c0368bd9d9db70772f773a7eb46" FOREIGN KEY ("franchise_id") REFERENCES "franchises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shops" ADD CONSTRAINT "FK_5265e39b5ee98ac77f270abbcc2" FOREIGN KEY ("account_id") REFERENCES "merchant_accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "fields_tokens" ADD CONSTRAINT "FK_f34c7164a6be9daaa65d55040cf" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "fields_tokens" ADD CONSTRAINT "FK_c7ac0c6da641cc67940ca658df0" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "fields_tokens" ADD CONSTRAINT "FK_892f389883574732b6c54f45be7" FOREIGN KEY ("account_id") REFERENCES "merchant_accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "fields_tokens" DROP CONSTRAINT "FK_892f389883574732b6c54f45be7"',
    );
    await queryRunner.query(
      'ALTER TABLE "fields_tokens" DROP CONSTRAINT "FK_c7ac0c6da641cc67940ca658df0"',
    );
    await queryRunner.query(
      'ALTER TABLE "fields_tokens" DROP CONSTRAINT "FK_f34c7164a6be9daaa65d55040cf"',
    );
    await queryRunner.query('ALTER TABLE "shops" DROP CONSTRAINT "FK_5265e39b5ee98ac77f270abbcc2"');
    await queryRunner.query('ALTER TABLE "shops" DROP CONSTRAINT "FK_c0368bd9d9db70772f773a7eb46"');
    await queryRunner.query('ALTER TABLE "shops" DROP CONSTRAINT "FK_784726aa6910cf3f5eb79723f6c"');
    await queryRunner.query('DROP INDEX "public"."idx_fields_tokens_shop"');
    await queryRunner.query('DROP INDEX "public"."idx_fields_tokens_state"');
    await queryRunner.query('DROP TABLE "fields_tokens"');
    await queryRunner.query('DROP INDEX "public"."idx_shops_page"');
    await queryRunner.query('DROP TABLE "shops"');
  }
}
