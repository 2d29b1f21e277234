import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DailyPlannedThrough1795600800856 implements MigrationInterface {
  name = 'DailyPlannedThrough1795600800856';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "transaction_report_settings" ADD "daily_planned_through" date',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "transaction_report_settings" DROP COLUMN "daily_planned_through"',
    );
  }
}
