import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1795589957981 implements MigrationInterface {
  name = 'AuditLog1795589957981';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "principal_kind" text NOT NULL, "principal_id" uuid NOT NULL, "action" text NOT NULL, "method" text NOT NULL, "route" text NOT NULL, "resource_id" text, "params" jsonb NOT NULL DEFAULT \'{}\', "status" integer NOT NULL, "request_id" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_audit_log_tenant_resource" ON "audit_log" ("tenant_id", "resource_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_audit_log_tenant_page" ON "audit_log" ("tenant_id", "created_at", "id") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_audit_log_tenant_page"');
    await queryRunner.query('DROP INDEX "public"."idx_audit_log_tenant_resource"');
    await queryRunner.query('DROP TABLE "audit_log"');
  }
}
