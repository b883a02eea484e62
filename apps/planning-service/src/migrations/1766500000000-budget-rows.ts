import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every per-week column of a budget row, in the order the view unnests them. */
const WEEK_COLUMNS = ['forecast', 'forecast_revenue', 'forecast_cost', 'plan', 'locked', 'version', 'price', 'unit_cost', 'ly_units', 'ly_revenue', 'actual_units', 'actual_revenue'];

/**
 * Budget cells stored for their operations: one row per plan × category × cluster with its weeks
 * as arrays (element i is the week `week_from` + 7 × (i − 1)), instead of a row per cell. A plan of
 * 200 categories × 20 clusters × 52 weeks is 4,000 rows, not 208,000: created, branched and spread
 * a row at a time. The view `budget_cells` unnests them into the cells every read asked for before.
 * A spread's history is kept per row as arrays (`row_changes`), not a row per changed cell.
 */
export class BudgetRows1766500000000 implements MigrationInterface {
  name = 'BudgetRows1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "planning"."budget_rows" (
      "plan_id" uuid NOT NULL REFERENCES "planning"."plans" ON DELETE CASCADE,
      "category" text NOT NULL,
      "cluster" text NOT NULL,
      "week_from" date NOT NULL,
      "forecast" float8[] NOT NULL,
      "forecast_revenue" float8[] NOT NULL,
      "forecast_cost" float8[] NOT NULL,
      "plan" bigint[] NOT NULL,
      "locked" boolean[] NOT NULL,
      "version" int[] NOT NULL,
      "price" float8[] NOT NULL,
      "unit_cost" float8[] NOT NULL,
      "ly_units" float8[] NOT NULL,
      "ly_revenue" float8[] NOT NULL,
      "actual_units" float8[] NOT NULL,
      "actual_revenue" float8[] NOT NULL,
      PRIMARY KEY ("plan_id", "category", "cluster")
    )`);
    await q.query(`INSERT INTO "planning"."budget_rows" (plan_id, category, cluster, week_from, ${WEEK_COLUMNS.join(', ')})
      SELECT plan_id, category, cluster, min(week), ${WEEK_COLUMNS.map((c) => `array_agg(${c} ORDER BY week)`).join(', ')}
      FROM "planning"."budget_cells" GROUP BY plan_id, category, cluster`);
    await q.query(`DROP TABLE "planning"."budget_cells"`);
    await q.query(`CREATE VIEW "planning"."budget_cells" AS
      SELECT r.plan_id, r.category, r.cluster, (r.week_from + 7 * (u.i - 1)::int) AS week, ${WEEK_COLUMNS.map((c) => `u.${c}`).join(', ')}
      FROM "planning"."budget_rows" r
      CROSS JOIN LATERAL unnest(${WEEK_COLUMNS.map((c) => `r.${c}`).join(', ')}) WITH ORDINALITY AS u(${WEEK_COLUMNS.join(', ')}, i)`);
    // A spread's changes: per row, the weeks it changed (their element numbers) with their values before and after.
    await q.query(`CREATE TABLE "planning"."row_changes" (
      "id" bigserial PRIMARY KEY,
      "plan_id" uuid NOT NULL REFERENCES "planning"."plans" ON DELETE CASCADE,
      "category" text NOT NULL,
      "cluster" text NOT NULL,
      "at" timestamptz NOT NULL DEFAULT now(),
      "actor" text NOT NULL,
      "what" text NOT NULL,
      "elements" int[] NOT NULL,
      "plan_before" bigint[] NOT NULL,
      "plan_after" bigint[] NOT NULL,
      "locked" boolean[] NOT NULL
    )`);
    await q.query(`CREATE INDEX "row_changes_row_idx" ON "planning"."row_changes" ("plan_id", "category", "cluster", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "planning"."row_changes"`);
    await q.query(`CREATE TABLE "planning"."budget_cells_table" AS SELECT * FROM "planning"."budget_cells"`);
    await q.query(`DROP VIEW "planning"."budget_cells"`);
    await q.query(`DROP TABLE "planning"."budget_rows"`);
    await q.query(`ALTER TABLE "planning"."budget_cells_table" RENAME TO "budget_cells"`);
    await q.query(`ALTER TABLE "planning"."budget_cells" ADD PRIMARY KEY ("plan_id", "category", "cluster", "week"),
      ADD FOREIGN KEY ("plan_id") REFERENCES "planning"."plans" ON DELETE CASCADE,
      ALTER "locked" SET DEFAULT false, ALTER "version" SET DEFAULT 1, ALTER "price" SET DEFAULT 0, ALTER "forecast_revenue" SET DEFAULT 0,
      ALTER "ly_units" SET DEFAULT 0, ALTER "ly_revenue" SET DEFAULT 0`);
  }
}
