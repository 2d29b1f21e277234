import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FranchiseInvitations1795589366631 implements MigrationInterface {
  name = 'FranchiseInvitations1795589366631';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "franchise_invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "franchise_id" uuid NOT NULL, "note" text, "token_hash" character(64) NOT NULL, "hint" text NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_98fc9477884e135bbc6baae028a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_franchise_invitations_token_hash" ON "franchise_invitations" ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_franchise_invitations_franchise" ON "franchise_invitations" ("tenant_id", "franchise_id", "created_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "franchise_invitations" ADD CONSTRAINT "FK_5078c8dc8da2c05da10facdac08" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "franchise_invitations" ADD CONSTRAINT "FK_797dbba863bd8a0c553a63d6a0f" FOREIGN KEY ("franchise_id") REFERENCES "franchises"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "franchise_invitations" DROP CONSTRAINT "FK_797dbba863bd8a0c553a63d6a0f"',
    );
    await queryRunner.query(
      'ALTER TABLE "franchise_invitations" DROP CONSTRAINT "FK_5078c8dc8da2c05da10facdac08"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_franchise_invitations_franchise"');
    await queryRunner.query('DROP INDEX "public"."uq_franchise_invitations_token_hash"');
    await queryRunner.query('DROP TABLE "franchise_invitations"');
  }
}
