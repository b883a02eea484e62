import { addWeeks, weeksFrom } from '@tideline/contracts';
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

/** What new rows are built from: the forecast, last year's sales (already on the plan weeks they are compared with) and this year's. */
export interface NewRows {
  weekFrom: string;
  weeks: number;
  forecast: ForecastColumns;
  lastYear: SalesColumns;
  thisYear: SalesColumns;
}

/** A PostgreSQL array literal (null elements as NULL). */
export const arrayLiteral = (values: ReadonlyArray<number | boolean | null>) => `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;

/** One new row's weeks, element i being week `weekFrom` + i. */
interface RowWeeks {
  category: string;
  cluster: string;
  forecast: number[];
  revenue: number[];
  cost: Array<number | null>;
  lyUnits: number[];
  lyRevenue: number[];
  actualUnits: Array<number | null>;
  actualRevenue: Array<number | null>;
}

/**
 * The rows of a category × cluster of the forecast, every week of the period filled in: 0 where
 * the forecast or last year have none; actuals unknown in weeks without any sales yet. Weeks and
 * rows are found by index (a cell is 208,000 of these in a big plan), never by a key per cell.
 */
export function rowWeeks(rows: NewRows): RowWeeks[] {
  const weekIndex = new Map(weeksFrom(rows.weekFrom, addWeeks(rows.weekFrom, rows.weeks - 1)).map((week, i) => [week, i]));
  const reported = new Set(rows.thisYear.week.map((week) => weekIndex.get(week)));
  const byPair = new Map<string, Map<string, RowWeeks>>();
  const zeros = () => new Array<number>(rows.weeks).fill(0);
  const actuals = () => Array.from({ length: rows.weeks }, (_, i) => (reported.has(i) ? 0 : null));
  const rowOf = (category: string, cluster: string, create: boolean) => {
    let clusters = byPair.get(category);
    if (!clusters && create) byPair.set(category, (clusters = new Map()));
    let row = clusters?.get(cluster);
    if (!row && create && clusters) {
      // Weeks the forecast does not reach cost nothing (a cell whose products lack a cost stays unknown).
      row = { category, cluster, forecast: zeros(), revenue: zeros(), cost: zeros(), lyUnits: zeros(), lyRevenue: zeros(), actualUnits: actuals(), actualRevenue: actuals() };
      clusters.set(cluster, row);
    }
    return row;
  };
  const f = rows.forecast;
  f.week.forEach((week, k) => {
    const i = weekIndex.get(week);
    const row = rowOf(f.category[k], f.cluster[k], true);
    if (i === undefined || !row) return;
    row.forecast[i] = f.units[k];
    row.revenue[i] = f.revenue[k];
    row.cost[i] = f.cost[k];
  });
  const place = (sales: SalesColumns, index: Map<string, number>, put: (row: RowWeeks, i: number, k: number) => void) =>
    sales.week.forEach((week, k) => {
      const i = index.get(week);
      const row = i === undefined ? undefined : rowOf(sales.category[k], sales.cluster[k], false);
      if (row && i !== undefined) put(row, i, k);
    });
  place(rows.lastYear, weekIndex, (row, i, k) => {
    row.lyUnits[i] = rows.lastYear.units[k];
    row.lyRevenue[i] = rows.lastYear.revenue[k] ?? 0;
  });
  place(rows.thisYear, weekIndex, (row, i, k) => {
    row.actualUnits[i] = rows.thisYear.units[k];
    row.actualRevenue[i] = rows.thisYear.revenue[k] ?? 0;
  });
  return [...byPair.values()].flatMap((clusters) => [...clusters.values()]);
}

/**
 * Inserts a row for each category × cluster of the forecast (rowWeeks), planned at the forecast
 * rounded, unlocked, version 1, priced (planning.week_prices), each row's arrays sent as one
 * literal. With `forecastOnly`, a row the plan has already takes only the new forecast (and keeps
 * its prices until they are set again).
 */
export async function insertRows(m: EntityManager, planId: string, rows: NewRows, forecastOnly = false): Promise<void> {
  const built = rowWeeks(rows);
  const arrays = (pick: (row: RowWeeks) => ReadonlyArray<number | null>) => built.map((row) => arrayLiteral(pick(row)));
  await m.query(
    `WITH b AS (
       SELECT category, cluster, forecast::float8[], revenue::float8[], cost::float8[], ly_units::float8[], ly_revenue::float8[],
         actual_units::float8[], actual_revenue::float8[]
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
         AS c(category, cluster, forecast, revenue, cost, ly_units, ly_revenue, actual_units, actual_revenue))
     INSERT INTO planning.budget_rows AS r (plan_id, category, cluster, week_from, forecast, forecast_revenue, forecast_cost, plan, locked, version,
       price, unit_cost, ly_units, ly_revenue, actual_units, actual_revenue)
     SELECT $1, b.category, b.cluster, $2::date, b.forecast, b.revenue, b.cost,
       (SELECT array_agg(floor(x + 0.5)::bigint ORDER BY i) FROM unnest(b.forecast) WITH ORDINALITY u(x, i)),
       array_fill(false, ARRAY[$3::int]), array_fill(1, ARRAY[$3::int]),
       p.price, p.unit_cost, b.ly_units, b.ly_revenue, b.actual_units, b.actual_revenue
     FROM b CROSS JOIN LATERAL planning.week_prices(b.forecast, b.revenue, b.cost, b.ly_units, b.ly_revenue) p
     ${forecastOnly ? 'ON CONFLICT (plan_id, category, cluster) DO UPDATE SET forecast = EXCLUDED.forecast, forecast_revenue = EXCLUDED.forecast_revenue, forecast_cost = EXCLUDED.forecast_cost' : ''}`,
    [
      planId,
      rows.weekFrom,
      rows.weeks,
      built.map((row) => row.category),
      built.map((row) => row.cluster),
      arrays((row) => row.forecast),
      arrays((row) => row.revenue),
      arrays((row) => row.cost),
      arrays((row) => row.lyUnits),
      arrays((row) => row.lyRevenue),
      arrays((row) => row.actualUnits),
      arrays((row) => row.actualRevenue),
    ],
  );
}
