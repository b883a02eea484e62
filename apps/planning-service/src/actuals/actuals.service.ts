import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { BatchIngestedEvent, CatalogPatterns, GroupedTotal, GroupedTotalsRequest, LastYearAlignment, SalesPatterns, addWeeks } from '@tideline/contracts';
import { fetchAllPages, sendRpc, serviceClientToken } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { NewRows, SalesColumns, setWeeks } from '../budget/budget-rows';
import { CalendarService } from '../calendar/calendar.service';

const TIMEOUT_MS = 30_000;

/** Actual units and revenue by category × cluster × week, and the weeks they are written to. */
interface Actuals {
  rows: GroupedTotal[];
  weeks: string[];
}

/** A plan's sales: this year's, and last year's on the plan weeks they are compared with. */
export interface PlanActuals {
  lastYear: Actuals;
  thisYear: Actuals;
}

/**
 * Sales next to the plan: last year's actuals (the same fiscal week a year earlier, or Easter's) and this year's
 * actuals once they arrive, by category × cluster × week. Sales are summed by the sales service
 * over the catalog's current hierarchy, so a product moved to another category counts there.
 */
@Injectable()
export class ActualsService {
  private readonly logger = new Logger(ActualsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    @Inject(serviceClientToken('catalog')) private readonly catalog: ClientProxy,
    @Inject(serviceClientToken('sales')) private readonly sales: ClientProxy,
  ) {}

  /** Fills a plan's last-year and actual columns (in the caller's transaction), then its prices. */
  async fill(m: EntityManager, planId: string, actuals: PlanActuals): Promise<void> {
    await this.write(m, planId, 'ly', actuals.lastYear.weeks, actuals.lastYear.rows);
    await this.write(m, planId, 'actual', actuals.thisYear.weeks, actuals.thisYear.rows);
    await setPrices(m, planId);
  }

  /** Last year's and this year's sales as the columns new rows are built from (insertRows). */
  columnsFor(actuals: PlanActuals): Pick<NewRows, 'lastYear' | 'thisYear'> {
    return { lastYear: columnsOf(actuals.lastYear.rows), thisYear: columnsOf(actuals.thisYear.rows) };
  }

  /**
   * What `fill` needs for a plan of weeks `from`…`to`, fetched before its transaction starts: this
   * year's sales, and last year's moved onto the plan's weeks by the retail calendar (`alignment`).
   */
  async fetchFor(from: string, to: string, alignment: LastYearAlignment): Promise<PlanActuals> {
    const groups = await this.groups();
    const lastYearOf = await this.calendar.lastYearWeeks(from, to, alignment);
    const lastWeeks = [...lastYearOf.values()].sort();
    const lastYear = lastWeeks.length === 0 ? [] : (await this.fetch(groups, lastWeeks[0], lastWeeks[lastWeeks.length - 1])).rows;
    return {
      // Every week with a week last year is written: 0 where that week sold nothing.
      lastYear: { rows: alignedToPlan(lastYear, lastYearOf), weeks: [...lastYearOf.keys()] },
      thisYear: await this.fetch(groups, from, to),
    };
  }

  /**
   * New sales arrived: every plan whose period (or last-year period) holds one of the weeks takes
   * its figures, a plan at a time under the plan's lock so it never races an edit. Recomputed from
   * the sales, so a redelivered event changes nothing.
   */
  async salesIngested(event: BatchIngestedEvent): Promise<void> {
    if (event.weeks.length === 0) return;
    const weeks = [...event.weeks].sort();
    const [first, last] = [weeks[0], weeks[weeks.length - 1]];
    // Last year is a fiscal year back (52 or 53 weeks), or Easter's week: well within 60 weeks.
    const plans: Array<{ id: string; from: string; to: string; last_year: LastYearAlignment }> = await this.dataSource.query(
      `SELECT id, to_char(week_from, 'YYYY-MM-DD') AS from, to_char(week_to, 'YYYY-MM-DD') AS to, last_year
       FROM planning.plans WHERE week_from <= $2::date + 420 AND week_to >= $1::date`,
      [first, last],
    );
    if (plans.length === 0) return;
    const actuals = await this.fetch(await this.groups(), first, last);
    const wanted = new Set(weeks);
    const rows = actuals.rows.filter((r) => wanted.has(r.week));
    for (const plan of plans) {
      const lastYearOf = new Map([...(await this.calendar.lastYearWeeks(plan.from, plan.to, plan.last_year))].filter(([, week]) => wanted.has(week)));
      await this.dataSource.transaction(async (m) => {
        await m.query(`SELECT 1 FROM planning.plans WHERE id = $1 FOR UPDATE`, [plan.id]);
        await this.write(m, plan.id, 'actual', weeks, rows);
        await this.write(m, plan.id, 'ly', [...lastYearOf.keys()], alignedToPlan(rows, lastYearOf));
      });
    }
    this.logger.log(`Sales of ${weeks.length} weeks reached ${plans.length} plans`);
  }

  /** Each product's category and regular price and each store's cluster, as the catalog has them now. */
  async groups(): Promise<Omit<GroupedTotalsRequest, 'from' | 'to'>> {
    const options = { pageSize: 500, timeoutMs: TIMEOUT_MS };
    const products = await fetchAllPages(this.catalog, CatalogPatterns.listProducts, { sort: 'sku' }, options);
    const stores = await fetchAllPages(this.catalog, CatalogPatterns.listStores, { sort: 'code' }, options);
    return {
      skus: products.map((p) => p.sku),
      productGroups: products.map((p) => p.category),
      regularPrices: products.map((p) => p.unitPrice ?? null),
      stores: stores.map((s) => s.code),
      storeGroups: stores.map((s) => s.cluster),
    };
  }

  private async fetch(groups: Omit<GroupedTotalsRequest, 'from' | 'to'>, from: string, to: string): Promise<Actuals> {
    const rows = await sendRpc(this.sales, SalesPatterns.groupedTotals, { ...groups, from, to }, TIMEOUT_MS);
    return { rows, weeks: [...new Set(rows.map((r) => r.week))] };
  }

  /** Sets `ly_*` or `actual_*` of the plan's cells in `weeks`: the sales where there were any, 0 elsewhere. */
  private async write(m: EntityManager, planId: string, column: 'ly' | 'actual', weeks: string[], rows: GroupedTotal[]): Promise<void> {
    const pairs: Array<{ category: string; cluster: string; week_from: string; weeks: number }> = await m.query(
      `SELECT category, cluster, to_char(week_from, 'YYYY-MM-DD') AS week_from, cardinality(plan) AS weeks FROM planning.budget_rows WHERE plan_id = $1`,
      [planId],
    );
    const sold = new Map(rows.map((r) => [`${r.productGroup}\u0000${r.storeGroup}\u0000${r.week}`, r]));
    const cells = { category: [] as string[], cluster: [] as string[], week: [] as string[] };
    const [units, revenue] = [[] as number[], [] as number[]];
    for (const pair of pairs) {
      const last = addWeeks(pair.week_from, pair.weeks - 1);
      for (const week of weeks) {
        if (week < pair.week_from || week > last) continue;
        const row = sold.get(`${pair.category}\u0000${pair.cluster}\u0000${week}`);
        cells.category.push(pair.category);
        cells.cluster.push(pair.cluster);
        cells.week.push(week);
        units.push(row?.units ?? 0);
        revenue.push(row?.revenue ?? 0);
      }
    }
    const [unitsColumn, revenueColumn] = column === 'ly' ? ['ly_units', 'ly_revenue'] : ['actual_units', 'actual_revenue'];
    await setWeeks(m, planId, cells, [{ name: unitsColumn, type: 'float8' }, { name: revenueColumn, type: 'float8' }], [units, revenue], false);
  }
}

const columnsOf = (rows: GroupedTotal[]): SalesColumns => ({
  category: rows.map((r) => r.productGroup),
  cluster: rows.map((r) => r.storeGroup),
  week: rows.map((r) => r.week),
  units: rows.map((r) => r.units),
  revenue: rows.map((r) => r.revenue),
});

/** Last year's sales moved onto the plan weeks they are compared with (`lastYearOf`: plan week → last year's week); a week last year can serve two plan weeks, or none. */
function alignedToPlan(rows: GroupedTotal[], lastYearOf: Map<string, string>): GroupedTotal[] {
  const planWeeksOf = new Map<string, string[]>();
  for (const [planWeek, week] of lastYearOf) planWeeksOf.set(week, [...(planWeeksOf.get(week) ?? []), planWeek]);
  return rows.flatMap((row) => (planWeeksOf.get(row.week) ?? []).map((week) => ({ ...row, week })));
}

/**
 * Sets the prices of a plan's cells from their forecast and last year (planning.week_prices): a
 * cell's price per unit is its forecast's product mix at unit prices; where the forecast is 0, last
 * year's mix; where neither sold, the category × cluster's average over the plan. Its cost per unit
 * is the price times the forecast's cost share of revenue (the pair's where the cell has no
 * forecast), and stays unknown (null) where a product lacks a cost.
 */
export async function setPrices(m: EntityManager, planId: string): Promise<void> {
  await m.query(
    `UPDATE planning.budget_rows r SET (price, unit_cost) = (SELECT p.price, p.unit_cost FROM planning.week_prices(r.forecast, r.forecast_revenue, r.forecast_cost, r.ly_units, r.ly_revenue) p)
     WHERE r.plan_id = $1`,
    [planId],
  );
}
