import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budget cells valued (a price and, where the catalog knows costs, a cost per unit from the
 * forecast's product mix), last year's actuals and
 * this year's actuals next to the plan, and the history of every cell's changes.
 */
export class BudgetValuesAndActuals1765100000000 implements MigrationInterface {
  name = 'BudgetValuesAndActuals1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "planning"."budget_cells"
      ADD "price" float8 NOT NULL DEFAULT 0,
      ADD "forecast_revenue" float8 NOT NULL DEFAULT 0,
      ADD "forecast_cost" float8,
      ADD "unit_cost" float8,
      ADD "ly_units" float8 NOT NULL DEFAULT 0,
      ADD "ly_revenue" float8 NOT NULL DEFAULT 0,
      ADD "actual_units" float8,
      ADD "actual_revenue" float8`);
    await q.query(`CREATE TABLE "planning"."cell_changes" (
      "id" bigserial PRIMARY KEY,
      "plan_id" uuid NOT NULL REFERENCES "planning"."plans" ON DELETE CASCADE,
      "category" text NOT NULL,
      "cluster" text NOT NULL,
      "week" date NOT NULL,
      "at" timestamptz NOT NULL DEFAULT now(),
      "actor" text NOT NULL,
      "what" text NOT NULL,
      "plan_before" bigint NOT NULL,
      "plan_after" bigint NOT NULL,
      "locked_before" boolean NOT NULL,
      "locked_after" boolean NOT NULL
    )`);
    await q.query(`CREATE INDEX "cell_changes_cell_idx" ON "planning"."cell_changes" ("plan_id", "category", "cluster", "week", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "planning"."cell_changes"`);
    await q.query(`ALTER TABLE "planning"."budget_cells" DROP "price", DROP "forecast_revenue", DROP "forecast_cost", DROP "unit_cost", DROP "ly_units", DROP "ly_revenue", DROP "actual_units", DROP "actual_revenue"`);
  }
}
