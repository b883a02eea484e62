import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accuracy splits promoted weeks from the others: each point keeps whether its week's sales row was
 * promoted. Points measured before are not known (null) until their week is measured again.
 */
export class AccuracyPromoted1765800000000 implements MigrationInterface {
  name = 'AccuracyPromoted1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."accuracy" ADD "promoted" boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."accuracy" DROP COLUMN "promoted"`);
  }
}
