import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A budget row's prices from its own arrays, one function for a new row and a refreshed one.
 * Each budget row keeps the totals of its weeks, as stored generated columns: PostgreSQL recomputes
 * them whenever a row's arrays change, so no write path can forget one. A plan's totals and the
 * grid's roll-ups then sum a few thousand rows' totals instead of unnesting 200,000 cells; that
 * was most of the time of a one-cell edit (the page reads the plan's totals after each change).
 */
export class BudgetRowTotals1766700000000 implements MigrationInterface {
  name = 'BudgetRowTotals1766700000000';

  async up(q: QueryRunner): Promise<void> {
    const fn = (name: string, args: string, returns: string, body: string) =>
      q.query(`CREATE FUNCTION planning.${name}(${args}) RETURNS ${returns} LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ ${body} $$`);
    await fn('total', 'float8[]', 'float8', 'SELECT coalesce(sum(x), 0) FROM unnest($1) x');
    await fn('total', 'bigint[]', 'bigint', 'SELECT coalesce(sum(x), 0)::bigint FROM unnest($1) x');
    await fn('plan_revenue', 'bigint[], float8[]', 'float8', 'SELECT coalesce(sum(p * c), 0) FROM unnest($1, $2) u(p, c)');
    // Unknown when any week lacks a unit cost, as for a single cell.
    await fn('plan_margin', 'bigint[], float8[], float8[]', 'float8', 'SELECT CASE WHEN bool_and(c IS NOT NULL) THEN sum(p * (pr - c)) END FROM unnest($1, $2, $3) u(p, pr, c)');
    // The plan of the weeks that have actual sales: what "to date" compares with.
    await fn('plan_to_date', 'bigint[], float8[]', 'bigint', 'SELECT coalesce(sum(p) FILTER (WHERE a IS NOT NULL), 0)::bigint FROM unnest($1, $2) u(p, a)');
    // A row's prices per unit: see setPrices (actuals.service.ts). One row is one category × cluster,
    // whose average over the plan stands in where a week has neither forecast nor last year.
    await q.query(`CREATE FUNCTION planning.week_prices(forecast float8[], revenue float8[], cost float8[], ly_units float8[], ly_revenue float8[], OUT price float8[], OUT unit_cost float8[])
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        WITH c AS (SELECT * FROM unnest(forecast, revenue, cost, ly_units, ly_revenue) WITH ORDINALITY AS c(f, r, k, lu, lr, i)),
        pair AS (SELECT sum(r) / nullif(sum(f), 0) AS price, CASE WHEN bool_and(k IS NOT NULL) THEN sum(k) / nullif(sum(r), 0) END AS cost_share FROM c),
        priced AS (
          SELECT c.i, CASE WHEN c.f > 0 THEN c.r / c.f WHEN c.lu > 0 AND c.lr > 0 THEN c.lr / c.lu ELSE coalesce(pair.price, 0) END AS price,
            CASE WHEN c.r > 0 THEN c.k / c.r ELSE pair.cost_share END AS cost_share
          FROM c CROSS JOIN pair)
        SELECT array_agg(price ORDER BY i), array_agg(price * cost_share ORDER BY i) FROM priced
      $$`);
    await q.query(`ALTER TABLE planning.budget_rows
      ADD COLUMN weeks int GENERATED ALWAYS AS (cardinality(plan)) STORED,
      ADD COLUMN total_plan bigint GENERATED ALWAYS AS (planning.total(plan)) STORED,
      ADD COLUMN total_forecast float8 GENERATED ALWAYS AS (planning.total(forecast)) STORED,
      ADD COLUMN total_forecast_revenue float8 GENERATED ALWAYS AS (planning.total(forecast_revenue)) STORED,
      ADD COLUMN total_plan_revenue float8 GENERATED ALWAYS AS (planning.plan_revenue(plan, price)) STORED,
      ADD COLUMN total_plan_margin float8 GENERATED ALWAYS AS (planning.plan_margin(plan, price, unit_cost)) STORED,
      ADD COLUMN total_ly_units float8 GENERATED ALWAYS AS (planning.total(ly_units)) STORED,
      ADD COLUMN total_ly_revenue float8 GENERATED ALWAYS AS (planning.total(ly_revenue)) STORED,
      ADD COLUMN total_plan_to_date bigint GENERATED ALWAYS AS (planning.plan_to_date(plan, actual_units)) STORED,
      ADD COLUMN total_actual_units float8 GENERATED ALWAYS AS (planning.total(actual_units)) STORED`);
  }

  async down(q: QueryRunner): Promise<void> {
    const columns = ['weeks', 'total_plan', 'total_forecast', 'total_forecast_revenue', 'total_plan_revenue', 'total_plan_margin', 'total_ly_units', 'total_ly_revenue', 'total_plan_to_date', 'total_actual_units'];
    await q.query(`ALTER TABLE planning.budget_rows ${columns.map((c) => `DROP COLUMN ${c}`).join(', ')}`);
    for (const signature of ['week_prices(float8[], float8[], float8[], float8[], float8[])', 'total(float8[])', 'total(bigint[])', 'plan_revenue(bigint[], float8[])', 'plan_margin(bigint[], float8[], float8[])', 'plan_to_date(bigint[], float8[])']) {
      await q.query(`DROP FUNCTION planning.${signature}`);
    }
  }
}
