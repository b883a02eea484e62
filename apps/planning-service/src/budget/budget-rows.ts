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

/**
 * Inserts rows from cells (planned at their forecast, unlocked, version 1; prices set later by
 * setPrices). With `forecastOnly`, a row the plan has already takes only the new forecast.
 */
export async function insertRows(m: EntityManager, planId: string, weekFrom: string, cells: NewCells, forecastOnly = false): Promise<void> {
  await m.query(
    `INSERT INTO planning.budget_rows (plan_id, category, cluster, week_from, forecast, forecast_revenue, forecast_cost, plan, locked, version,
       price, unit_cost, ly_units, ly_revenue, actual_units, actual_revenue)
     SELECT $1, category, cluster, $2::date, array_agg(forecast ORDER BY i), array_agg(revenue ORDER BY i), array_agg(cost ORDER BY i),
       array_agg(round(forecast)::bigint ORDER BY i), array_agg(false ORDER BY i), array_agg(1 ORDER BY i),
       array_agg(0::float8 ORDER BY i), array_agg(NULL::float8 ORDER BY i), array_agg(ly_units ORDER BY i), array_agg(ly_revenue ORDER BY i),
       array_agg(actual_units ORDER BY i), array_agg(actual_revenue ORDER BY i)
     FROM unnest($3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[])
       WITH ORDINALITY AS c(category, cluster, forecast, revenue, cost, ly_units, ly_revenue, actual_units, actual_revenue, i)
     GROUP BY category, cluster
     ${forecastOnly ? 'ON CONFLICT (plan_id, category, cluster) DO UPDATE SET forecast = EXCLUDED.forecast, forecast_revenue = EXCLUDED.forecast_revenue, forecast_cost = EXCLUDED.forecast_cost' : ''}`,
    [planId, weekFrom, cells.category, cells.cluster, cells.forecast, cells.revenue, cells.cost, cells.lyUnits, cells.lyRevenue, cells.actualUnits, cells.actualRevenue],
  );
}
