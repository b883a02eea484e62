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

/** A new plan's cells (or a refreshed baseline's), as parallel columns in row order (a row's weeks consecutive, oldest first). */
export interface NewCells {
  category: string[];
  cluster: string[];
  forecast: number[];
  revenue: number[];
  cost: Array<number | null>;
  lyUnits: number[];
  lyRevenue: number[];
  actualUnits: Array<number | null>;
  actualRevenue: Array<number | null>;
}

/** A PostgreSQL array literal (null elements as NULL). */
export const arrayLiteral = (values: ReadonlyArray<number | boolean | null>) => `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;

/**
 * Inserts rows from cells (planned at their forecast, unlocked, version 1; prices set later by
 * setPrices), each row's arrays built here and sent as one literal per row. With `forecastOnly`, a
 * row the plan has already takes only the new forecast.
 */
export async function insertRows(m: EntityManager, planId: string, weekFrom: string, cells: NewCells, forecastOnly = false): Promise<void> {
  // A row's weeks are consecutive in `cells`: each row starts where the pair changes.
  const starts = cells.category.flatMap((category, i) => (i === 0 || category !== cells.category[i - 1] || cells.cluster[i] !== cells.cluster[i - 1] ? [i] : []));
  const rows = starts.map((start, k) => [start, k + 1 < starts.length ? starts[k + 1] : cells.category.length] as const);
  const arrays = (column: ReadonlyArray<number | boolean | null>) => rows.map(([start, end]) => arrayLiteral(column.slice(start, end)));
  await m.query(
    `INSERT INTO planning.budget_rows (plan_id, category, cluster, week_from, forecast, forecast_revenue, forecast_cost, plan, locked, version,
       price, unit_cost, ly_units, ly_revenue, actual_units, actual_revenue)
     SELECT $1, category, cluster, $2::date, forecast::float8[], revenue::float8[], cost::float8[], plan::bigint[],
       array_fill(false, ARRAY[cardinality(plan::bigint[])]), array_fill(1, ARRAY[cardinality(plan::bigint[])]),
       array_fill(0::float8, ARRAY[cardinality(plan::bigint[])]), array_fill(NULL::float8, ARRAY[cardinality(plan::bigint[])]),
       ly_units::float8[], ly_revenue::float8[], actual_units::float8[], actual_revenue::float8[]
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
       AS c(category, cluster, forecast, revenue, cost, plan, ly_units, ly_revenue, actual_units, actual_revenue)
     ${forecastOnly ? 'ON CONFLICT (plan_id, category, cluster) DO UPDATE SET forecast = EXCLUDED.forecast, forecast_revenue = EXCLUDED.forecast_revenue, forecast_cost = EXCLUDED.forecast_cost' : ''}`,
    [
      planId,
      weekFrom,
      rows.map(([start]) => cells.category[start]),
      rows.map(([start]) => cells.cluster[start]),
      arrays(cells.forecast),
      arrays(cells.revenue),
      arrays(cells.cost),
      arrays(cells.forecast.map(Math.round)),
      arrays(cells.lyUnits),
      arrays(cells.lyRevenue),
      arrays(cells.actualUnits),
      arrays(cells.actualRevenue),
    ],
  );
}
