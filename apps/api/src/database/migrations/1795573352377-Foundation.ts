import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795573352377 implements MigrationInterface {
  name = 'Foundation1795573352377';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "tenants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "operator_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "token_hash" character(64) NOT NULL, "hint" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_b1f98d1defaa7d1b2059e905a13" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_operator_keys_tenant" ON "operator_keys" ("tenant_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_operator_keys_token_hash" ON "operator_keys" ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE TABLE "franchises" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "external_ref" text, "contact_email" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5ff74e1ad0637c499c4ed139e2c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_franchises_tenant_page" ON "franchises" ("tenant_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_franchises_tenant_external_ref" ON "franchises" ("tenant_id", "external_ref") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_franchises_tenant_name" ON "franchises" ("tenant_id", "name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid, "type" text NOT NULL, "status" text NOT NULL DEFAULT \'queued\', "payload" jsonb NOT NULL DEFAULT \'{}\'::jsonb, "result" jsonb, "error" jsonb, "progress_total" integer NOT NULL DEFAULT \'0\', "progress_done" integer NOT NULL DEFAULT \'0\', "progress_failed" integer NOT NULL DEFAULT \'0\', "attempts" integer NOT NULL DEFAULT \'0\', "max_attempts" integer NOT NULL DEFAULT \'5\', "dedupe_key" text, "run_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "locked_by" text, "locked_until" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP(3) WITH TIME ZONE, "finished_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_jobs_active_dedupe_key" ON "jobs" ("dedupe_key") WHERE "status" IN (\'queued\', \'running\')',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_jobs_tenant_page" ON "jobs" ("tenant_id", "created_at", "id") ',
    );
    await queryRunner.query('CREATE INDEX "idx_jobs_claimable" ON "jobs" ("status", "run_at") ');
    await queryRunner.query(
      'ALTER TABLE "operator_keys" ADD CONSTRAINT "FK_38619dbca118fa42cb52b40e9da" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "franchises" ADD CONSTRAINT "FK_ff72ee5ed39b2b369f6aafcdab9" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "franchises" DROP CONSTRAINT "FK_ff72ee5ed39b2b369f6aafcdab9"',
    );
    await queryRunner.query(
      'ALTER TABLE "operator_keys" DROP CONSTRAINT "FK_38619dbca118fa42cb52b40e9da"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_jobs_claimable"');
    await queryRunner.query('DROP INDEX "public"."idx_jobs_tenant_page"');
    await queryRunner.query('DROP INDEX "public"."uq_jobs_active_dedupe_key"');
    await queryRunner.query('DROP TABLE "jobs"');
    await queryRunner.query('DROP INDEX "public"."uq_franchises_tenant_name"');
    await queryRunner.query('DROP INDEX "public"."uq_franchises_tenant_external_ref"');
    await queryRunner.query('DROP INDEX "public"."idx_franchises_tenant_page"');
    await queryRunner.query('DROP TABLE "franchises"');
    await queryRunner.query('DROP INDEX "public"."uq_operator_keys_token_hash"');
    await queryRunner.query('DROP INDEX "public"."idx_operator_keys_tenant"');
    await queryRunner.query('DROP TABLE "operator_keys"');
    await queryRunner.query('DROP TABLE "tenants"');
  }
}
