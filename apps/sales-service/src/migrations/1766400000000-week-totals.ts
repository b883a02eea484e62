import { MigrationInterface, QueryRunner } from 'typeorm';
import { refreshWeekTotals } from '../facts/week-totals';

/**
 * Weekly sales kept summed per SKU and per store, so that the history of a product group (its SKUs)
 * or a store group (its stores), and the chain's, is read from a few thousand rows rather than
 * summed from every fact on each read. Filled here from the facts already held.
 */
export class WeekTotals1766400000000 implements MigrationInterface {
  name = 'WeekTotals1766400000000';

  async up(q: QueryRunner): Promise<void> {
    // revenue_rows: how many facts had a revenue (none: the week's revenue is unknown, not 0).
    await q.query(`CREATE TABLE "sales"."week_totals" (
      "side" text NOT NULL CHECK ("side" IN ('sku', 'store')),
      "code" text NOT NULL,
      "week" date NOT NULL,
      "units" numeric NOT NULL,
      "revenue" numeric,
      "revenue_rows" int NOT NULL,
      PRIMARY KEY ("side", "code", "week")
    )`);
    const weeks: Array<{ week: string }> = await q.query(`SELECT DISTINCT to_char(week, 'YYYY-MM-DD') AS week FROM "sales"."facts"`);
    await refreshWeekTotals(q.manager, weeks.map((w) => w.week));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sales"."week_totals"`);
  }
}
