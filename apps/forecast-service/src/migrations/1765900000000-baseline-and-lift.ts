import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A forecast with demand drivers keeps its baseline (no promotion, regular price, no event) and
 * each driver's lift, as `{"promo": 12.5, "price": 3.1}`. Null for a series forecast without drivers.
 */
export class BaselineAndLift1765900000000 implements MigrationInterface {
  name = 'BaselineAndLift1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."forecasts" ADD "baseline" float8, ADD "lift" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."forecasts" DROP COLUMN "lift", DROP COLUMN "baseline"`);
  }
}
