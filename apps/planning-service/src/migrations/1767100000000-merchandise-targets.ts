import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per plan and category: the stock it plans to end each period with (weeks of cover or a
 * stock-to-sales ratio, at most one) and its markdown budget, a list of week ranges each with a
 * rate of the planned sales value or an amount (kept as JSON: a few entries read and written whole).
 */
export class MerchandiseTargets1767100000000 implements MigrationInterface {
  name = 'MerchandiseTargets1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "planning"."merchandise_targets" (
      "plan_id" uuid NOT NULL REFERENCES "planning"."plans" ON DELETE CASCADE,
      "category" text NOT NULL,
      "weeks_of_cover" float8 CHECK ("weeks_of_cover" >= 0),
      "stock_to_sales" float8 CHECK ("stock_to_sales" >= 0),
      "markdowns" jsonb NOT NULL DEFAULT '[]',
      "version" int NOT NULL DEFAULT 1,
      "updated_by" text NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("plan_id", "category"),
      CHECK ("weeks_of_cover" IS NULL OR "stock_to_sales" IS NULL)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "planning"."merchandise_targets"`);
  }
}
