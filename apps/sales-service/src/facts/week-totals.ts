import { EntityManager } from 'typeorm';

/** Sums the facts of `weeks` again per SKU and per store into sales.week_totals, in the caller's transaction. */
export async function refreshWeekTotals(m: EntityManager, weeks: readonly string[]): Promise<void> {
  if (weeks.length === 0) return;
  await m.query(`DELETE FROM sales.week_totals WHERE week = ANY($1::date[])`, [weeks]);
  await m.query(
    `INSERT INTO sales.week_totals (side, code, week, units, revenue, revenue_rows)
     SELECT CASE WHEN grouping(sku) = 0 THEN 'sku' ELSE 'store' END, coalesce(sku, store), week, sum(units), sum(revenue), count(revenue)
     FROM sales.facts WHERE week = ANY($1::date[])
     GROUP BY GROUPING SETS ((sku, week), (store, week))`,
    [weeks],
  );
}

/**
 * The weekly totals of a selection from the kept sums when it is all SKUs or all stores of one
 * side (the chain, a product group, a store group); undefined when it crosses both sides.
 */
export function keptTotalsQuery(skus: string[] | undefined, stores: string[] | undefined): { side: 'sku' | 'store'; codes: string[] | null } | undefined {
  if (skus && stores) return undefined;
  return skus ? { side: 'sku', codes: skus } : { side: 'store', codes: stores ?? null };
}
