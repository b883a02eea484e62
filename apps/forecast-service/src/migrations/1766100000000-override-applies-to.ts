import { MigrationInterface, QueryRunner } from 'typeorm';

/** An override changes the whole forecast (every layer so far) or only its drivers' lift. */
export class OverrideAppliesTo1766100000000 implements MigrationInterface {
  name = 'OverrideAppliesTo1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."overrides" ADD "applies_to" text NOT NULL DEFAULT 'total'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."overrides" DROP COLUMN "applies_to"`);
  }
}
