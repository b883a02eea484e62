import { MigrationInterface, QueryRunner } from 'typeorm';

/** When each plan took its baseline, and the forecast runs announced since, so plans can tell that a newer forecast exists. */
export class ForecastBaseline1764700000000 implements MigrationInterface {
  name = 'ForecastBaseline1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "planning"."plans" ADD "baseline_at" timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE TABLE "planning"."forecast_runs" (
      "run_id" uuid PRIMARY KEY,
      "as_of" date,
      "completed_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "planning"."forecast_runs"`);
    await q.query(`ALTER TABLE "planning"."plans" DROP COLUMN "baseline_at"`);
  }
}
