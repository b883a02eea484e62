import { EntityManager } from 'typeorm';

/**
 * Writes to `planning.budget_rows`: a plan's cells stored one row per category × cluster, its weeks
 * as arrays (element i is the week `week_from` + 7 × (i − 1)). Reads go through the view
 * `planning.budget_cells`, which unnests them (migration 1766500000000).
 */

/** Cells by week, as parallel columns: category[i], cluster[i], week[i] name cell i. */
export interface CellKeys {
  category: string[];
  cluster: string[];
  week: string[];
}

/** A per-week column of budget_rows with its SQL element type. */
export interface WeekColumn {
  name: string;
  type: 'float8' | 'bigint' | 'boolean';
}

/**
 * Sets `columns` of the given cells (values[c][i] for column c of cell i), keeping every other week
 * of their rows as it was; with `bumpVersion`, each given cell's version goes up by one. One
 * statement, rewriting only the rows that hold a given cell.
 */
export async function setWeeks(m: EntityManager, planId: string, cells: CellKeys, columns: WeekColumn[], values: unknown[][], bumpVersion: boolean): Promise<void> {
  if (cells.week.length === 0) return;
  const names = columns.map((c) => c.name);
  const kept = bumpVersion ? [...names, 'version'] : names;
  const valueParams = columns.map((c, k) => `$${k + 5}::${c.type}[]`).join(', ');
  await m.query(
    `WITH v AS (SELECT * FROM unnest($2::text[], $3::text[], $4::date[], ${valueParams}) AS v(category, cluster, week, ${names.map((n) => `new_${n}`).join(', ')})),
     n AS (
       SELECT r.category, r.cluster,
         ${names.map((n) => `array_agg(CASE WHEN v.week IS NULL THEN u.${n} ELSE v.new_${n} END ORDER BY u.i) AS ${n}`).join(',\n         ')}
         ${bumpVersion ? `, array_agg(u.version + CASE WHEN v.week IS NULL THEN 0 ELSE 1 END ORDER BY u.i) AS version` : ''}
       FROM planning.budget_rows r
       CROSS JOIN LATERAL unnest(${kept.map((n) => `r.${n}`).join(', ')}) WITH ORDINALITY AS u(${kept.join(', ')}, i)
       LEFT JOIN v ON v.category = r.category AND v.cluster = r.cluster AND v.week = r.week_from + 7 * (u.i - 1)::int
       WHERE r.plan_id = $1 AND (r.category, r.cluster) IN (SELECT category, cluster FROM v)
       GROUP BY r.category, r.cluster)
     UPDATE planning.budget_rows r SET ${kept.map((n) => `${n} = n.${n}`).join(', ')}
     FROM n WHERE r.plan_id = $1 AND r.category = n.category AND r.cluster = n.cluster`,
    [planId, cells.category, cells.cluster, cells.week, ...values],
  );
}

/** The forecast of a plan's period by category × cluster × week, as parallel columns (weeks it does not reach left out). */
export interface ForecastColumns {
  category: string[];
  cluster: string[];
  week: string[];
  units: number[];
  revenue: number[];
  /** Null where a product of the cell has no cost. */
  cost: Array<number | null>;
}

/** Sales by category × cluster × week, as parallel columns. */
export interface SalesColumns {
  category: string[];
  cluster: string[];
  week: string[];
  units: number[];
  revenue: Array<number | null>;
}

/** What new rows are built from: the forecast, last year's sales (their weeks a year before the plan's) and this year's. */
export interface NewRows {
  weekFrom: string;
  weeks: number;
  forecast: ForecastColumns;
  lastYear: SalesColumns;
  thisYear: SalesColumns;
  /** How many weeks last year's sales move forward to meet the plan's. */
  lastYearShift: number;
}

/** A PostgreSQL array literal (null elements as NULL). */
export const arrayLiteral = (values: ReadonlyArray<number | boolean | null>) => `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;

/**
 * Inserts a row for each category × cluster of the forecast, built in one statement from the
 * columns as sent: every week of the period (0 where the forecast or last year have none; actuals
 * unknown in weeks without any sales yet), planned at the forecast rounded, unlocked, version 1,
 * priced (planning.week_prices). With `forecastOnly`, a row the plan has already takes only the new
 * forecast (and keeps its prices until they are set again).
 */
export async function insertRows(m: EntityManager, planId: string, rows: NewRows, forecastOnly = false): Promise<void> {
  const { forecast: f, lastYear: ly, thisYear: ty } = rows;
  await m.query(
    `WITH f AS (SELECT * FROM unnest($4::text[], $5::text[], $6::date[], $7::float8[], $8::float8[], $9::float8[]) AS f(category, cluster, week, units, revenue, cost)),
     ly AS (SELECT category, cluster, week + 7 * $20::int AS week, units, revenue
            FROM unnest($10::text[], $11::text[], $12::date[], $13::float8[], $14::float8[]) AS s(category, cluster, week, units, revenue)),
     ty AS (SELECT * FROM unnest($15::text[], $16::text[], $17::date[], $18::float8[], $19::float8[]) AS s(category, cluster, week, units, revenue)),
     reported AS (SELECT DISTINCT week FROM ty),
     cells AS (
       SELECT p.category, p.cluster, i, ($2::date + 7 * i) AS week
       FROM (SELECT DISTINCT category, cluster FROM f) p CROSS JOIN generate_series(0, $3::int - 1) i),
     built AS (
       SELECT c.category, c.cluster,
         array_agg(coalesce(f.units, 0) ORDER BY c.i) AS forecast,
         array_agg(coalesce(f.revenue, 0) ORDER BY c.i) AS revenue,
         -- Weeks the forecast does not reach cost nothing; a cell whose products lack a cost stays unknown.
         array_agg(CASE WHEN f.week IS NULL THEN 0 ELSE f.cost END ORDER BY c.i) AS cost,
         array_agg(floor(coalesce(f.units, 0) + 0.5)::bigint ORDER BY c.i) AS plan,
         array_agg(coalesce(ly.units, 0) ORDER BY c.i) AS ly_units,
         array_agg(coalesce(ly.revenue, 0) ORDER BY c.i) AS ly_revenue,
         array_agg(CASE WHEN r.week IS NOT NULL THEN coalesce(ty.units, 0) END ORDER BY c.i) AS actual_units,
         array_agg(CASE WHEN r.week IS NOT NULL THEN coalesce(ty.revenue, 0) END ORDER BY c.i) AS actual_revenue
       FROM cells c
       LEFT JOIN f ON f.category = c.category AND f.cluster = c.cluster AND f.week = c.week
       LEFT JOIN ly ON ly.category = c.category AND ly.cluster = c.cluster AND ly.week = c.week
       LEFT JOIN ty ON ty.category = c.category AND ty.cluster = c.cluster AND ty.week = c.week
       LEFT JOIN reported r ON r.week = c.week
       GROUP BY c.category, c.cluster)
     INSERT INTO planning.budget_rows AS r (plan_id, category, cluster, week_from, forecast, forecast_revenue, forecast_cost, plan, locked, version,
       price, unit_cost, ly_units, ly_revenue, actual_units, actual_revenue)
     SELECT $1, b.category, b.cluster, $2::date, b.forecast, b.revenue, b.cost, b.plan, array_fill(false, ARRAY[$3::int]), array_fill(1, ARRAY[$3::int]),
       p.price, p.unit_cost, b.ly_units, b.ly_revenue, b.actual_units, b.actual_revenue
     FROM built b CROSS JOIN LATERAL planning.week_prices(b.forecast, b.revenue, b.cost, b.ly_units, b.ly_revenue) p
     ${forecastOnly ? 'ON CONFLICT (plan_id, category, cluster) DO UPDATE SET forecast = EXCLUDED.forecast, forecast_revenue = EXCLUDED.forecast_revenue, forecast_cost = EXCLUDED.forecast_cost' : ''}`,
    [planId, rows.weekFrom, rows.weeks, f.category, f.cluster, f.week, f.units, f.revenue, f.cost, ly.category, ly.cluster, ly.week, ly.units, ly.revenue, ty.category, ty.cluster, ty.week, ty.units, ty.revenue, rows.lastYearShift],
  );
}
