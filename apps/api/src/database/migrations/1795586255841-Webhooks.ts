import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1795586255841 implements MigrationInterface {
  name = 'Webhooks1795586255841';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "url" text NOT NULL, "description" text, "event_types" text array NOT NULL DEFAULT \'{}\', "status" text NOT NULL DEFAULT \'enabled\', "disabled_reason" text, "disabled_at" TIMESTAMP(3) WITH TIME ZONE, "secrets" jsonb NOT NULL DEFAULT \'[]\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_webhook_endpoints_tenant_page" ON "webhook_endpoints" ("tenant_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "endpoint_id" uuid NOT NULL, "event_id" uuid NOT NULL, "status" text NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE, "locked_until" TIMESTAMP(3) WITH TIME ZONE, "last_status_code" integer, "last_error" text, "delivered_at" TIMESTAMP(3) WITH TIME ZONE, "replay_of" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_webhook_deliveries_event" ON "webhook_deliveries" ("event_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_webhook_deliveries_endpoint_page" ON "webhook_deliveries" ("endpoint_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_webhook_deliveries_due" ON "webhook_deliveries" ("next_attempt_at") WHERE "status" = \'pending\'',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_webhook_deliveries_endpoint_event" ON "webhook_deliveries" ("endpoint_id", "event_id") WHERE "replay_of" IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_delivery_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "duration_ms" integer NOT NULL, "status_code" integer, "error" text, "response_excerpt" text, CONSTRAINT "PK_59ef9124585b56c18b98548a0c6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_webhook_delivery_attempts_number" ON "webhook_delivery_attempts" ("delivery_id", "attempt") ',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "FK_54847f2dacee9618585993f1474" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_dd2bc3de0e4a0329a4ef30600b4" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_27d1ee90033bdafe0ffe8f1be6f" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_cadda78b00a964165549d30064c" FOREIGN KEY ("replay_of") REFERENCES "webhook_deliveries"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "FK_647916c401c0c275df5f00c148f" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "FK_647916c401c0c275df5f00c148f"',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_cadda78b00a964165549d30064c"',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_27d1ee90033bdafe0ffe8f1be6f"',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c"',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_dd2bc3de0e4a0329a4ef30600b4"',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "FK_54847f2dacee9618585993f1474"',
    );
    await queryRunner.query('DROP INDEX "public"."uq_webhook_delivery_attempts_number"');
    await queryRunner.query('DROP TABLE "webhook_delivery_attempts"');
    await queryRunner.query('DROP INDEX "public"."uq_webhook_deliveries_endpoint_event"');
    await queryRunner.query('DROP INDEX "public"."idx_webhook_deliveries_due"');
    await queryRunner.query('DROP INDEX "public"."idx_webhook_deliveries_endpoint_page"');
    await queryRunner.query('DROP INDEX "public"."idx_webhook_deliveries_event"');
    await queryRunner.query('DROP TABLE "webhook_deliveries"');
    await queryRunner.query('DROP INDEX "public"."idx_webhook_endpoints_tenant_page"');
    await queryRunner.query('DROP TABLE "webhook_endpoints"');
  }
}
