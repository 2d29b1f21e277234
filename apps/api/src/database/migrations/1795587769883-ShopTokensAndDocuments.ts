import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ShopTokensAndDocuments1795587769883 implements MigrationInterface {
  name = 'ShopTokensAndDocuments1795587769883';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "shop_documents" ("shop_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "content_hash" text NOT NULL, "body_ciphertext" text NOT NULL, "schema_version" integer NOT NULL, "generated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f426c172f3fa567ea16cb480507" PRIMARY KEY ("shop_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "shop_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "shop_id" uuid NOT NULL, "name" text, "token_hash" character(64) NOT NULL, "hint" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_18a66b77fa1db8dc11bc4cd257c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_shop_tokens_token_hash" ON "shop_tokens" ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_shop_tokens_shop" ON "shop_tokens" ("tenant_id", "shop_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "shop_documents" ADD CONSTRAINT "FK_f426c172f3fa567ea16cb480507" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shop_documents" ADD CONSTRAINT "FK_9a92997aa7394af8882a3d992a6" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shop_tokens" ADD CONSTRAINT "FK_d01f87a1e2df425cba8bb29b8a1" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shop_tokens" ADD CONSTRAINT "FK_d5c55cfdbf96dea0b60a8e61311" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "shop_tokens" DROP CONSTRAINT "FK_d5c55cfdbf96dea0b60a8e61311"',
    );
    await queryRunner.query(
      'ALTER TABLE "shop_tokens" DROP CONSTRAINT "FK_d01f87a1e2df425cba8bb29b8a1"',
    );
    await queryRunner.query(
      'ALTER TABLE "shop_documents" DROP CONSTRAINT "FK_9a92997aa7394af8882a3d992a6"',
    );
    await queryRunner.query(
      'ALTER TABLE "shop_documents" DROP CONSTRAINT "FK_f426c172f3fa567ea16cb480507"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_shop_tokens_shop"');
    await queryRunner.query('DROP INDEX "public"."uq_shop_tokens_token_hash"');
    await queryRunner.query('DROP TABLE "shop_tokens"');
    await queryRunner.query('DROP TABLE "shop_documents"');
  }
}
