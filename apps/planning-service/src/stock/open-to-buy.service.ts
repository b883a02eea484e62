import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  DEFAULT_WEEKS_OF_COVER,
  FiscalPeriodGroup,
  GroupedStock,
  GroupedTotal,
  MerchandiseTargetsView,
  OpenToBuyFigures,
  OpenToBuyQuery,
  OpenToBuyView,
  SalesPatterns,
  addWeeks,
  fiscalPeriods,
  fiscalWeek,
  weeksBetween,
  weeksFrom,
} from '@tideline/contracts';
import { sendRpc, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { ActualsService } from '../actuals/actuals.service';
import { CalendarService } from '../calendar/calendar.service';
import { readPlan } from '../plans/plan-store';
import { StockTarget, markdownsByWeek, openToBuy, sumFigures } from './open-to-buy';
import { readTargets } from './merchandise-targets.service';

const TIMEOUT_MS = 30_000;

/** A budget row's weeks (bigints arrive as strings). */
type PlannedRow = {
  category: string;
  cluster: string;
  week_from: string;
  plan: string[];
  price: number[];
  unit_cost: Array<number | null>;
  actual_revenue: Array<number | null>;
};

/** Values keyed by category × cluster. */
const pairKey = (category: string, cluster: string) => `${category}\u0000${cluster}`;

/**
 * A plan's stock, open-to-buy, markdowns and margin by category × cluster × fiscal period (or summed
 * per category or for the plan), from its planned units and prices, each category's targets, and the
 * stock, orders and markdowns the sales service holds.
 */
@Injectable()
export class OpenToBuyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly actuals: ActualsService,
    @Inject(serviceClientToken('sales')) private readonly sales: ClientProxy,
  ) {}

  async view({ id, period = 'month', weeksOfCover, category, by = 'cluster' }: OpenToBuyQuery): Promise<OpenToBuyView> {
    const plan = await readPlan(this.dataSource.manager, id);
    const weeks = weeksFrom(plan.from, plan.to);
    const groups = fiscalPeriods(weeks.map((week) => fiscalWeek(this.calendar.calendar, week)), period);
    const openingCount = addWeeks(plan.from, -1);
    const [rows, targets, { stock, sold }] = await Promise.all([
      this.dataSource.query<PlannedRow[]>(
        `SELECT category, cluster, to_char(week_from, 'YYYY-MM-DD') AS week_from, plan, price, unit_cost, actual_revenue FROM planning.budget_rows
         WHERE plan_id = $1 AND ($2::text IS NULL OR category = $2) ORDER BY category, cluster`,
        [id, category ?? null],
      ),
      readTargets(this.dataSource.manager, id),
      this.fetchFromSales(openingCount, plan.to),
    ]);
    const weekIndex = new Map(weeks.map((week, i) => [week, i]));
    const ofPair = (row: { productGroup: string; storeGroup: string }) => pairKey(row.productGroup, row.storeGroup);
    const stockOf = groupBy(stock, ofPair);
    const soldOf = groupBy(sold, ofPair);
    const targetOf = new Map(targets.map((t) => [t.category, t]));
    /** A weekly array over the plan's weeks from rows of the sales service. */
    const weekly = <T extends { week: string }>(found: T[] | undefined, pick: (row: T) => number) => {
      const values = new Array<number>(weeks.length).fill(0);
      for (const row of found ?? []) {
        const i = weekIndex.get(row.week);
        if (i !== undefined) values[i] += pick(row);
      }
      return values;
    };
    // A row's arrays start at its own first week (the plan's), so they are read by offset.
    const onPlanWeeks = <T>(row: PlannedRow, values: T[], missing: T) => {
      const offset = weeksBetween(plan.from, row.week_from);
      return weeks.map((_, i) => values[i - offset] ?? missing);
    };

    const figures: Array<{ category: string; cluster: string; figures: OpenToBuyFigures[] }> = [];
    for (const [name, categoryRows] of groupBy(rows, (r) => r.category)) {
      const own = targetOf.get(name);
      const target: StockTarget = stockTarget(weeksOfCover, own);
      const sales = categoryRows.map((row) => onPlanWeeks(row, row.plan, '0').map(Number));
      const price = categoryRows.map((row) => onPlanWeeks(row, row.price, 0));
      const markdowns = markdownsByWeek(own?.markdowns ?? [], weeks, sales.map((units, r) => units.map((u, w) => u * price[r][w])));
      categoryRows.forEach((row, r) => {
        const key = pairKey(row.category, row.cluster);
        const mine = stockOf.get(key);
        figures.push({
          category: row.category,
          cluster: row.cluster,
          figures: openToBuy({
            sales: sales[r],
            price: price[r],
            unitCost: onPlanWeeks(row, row.unit_cost, null),
            markdowns: markdowns[r],
            onOrder: weekly(mine, (s) => s.onOrder),
            openingStock: mine?.find((s) => s.week === openingCount)?.onHand ?? 0,
            actualSales: onPlanWeeks(row, row.actual_revenue, 0).map((v) => v ?? 0),
            actualMarkdowns: weekly(soldOf.get(key), (s) => s.markdown),
            periods: groups.map((g) => g.weeks),
            target,
          }),
        });
      });
    }
    return {
      plan,
      period,
      by,
      weeksOfCover: weeksOfCover ?? null,
      openingCount,
      periods: groups.map((g) => ({ name: periodName(period, g), from: weeks[g.weeks[0]], to: weeks[g.weeks[g.weeks.length - 1]], weeks: g.weeks.length })),
      rows: rollUp(figures, by),
    };
  }

  /** On hand and on order by category × cluster × week, and markdowns sold so far, as the catalog groups products and stores now. */
  private async fetchFromSales(from: string, to: string): Promise<{ stock: GroupedStock[]; sold: GroupedTotal[] }> {
    const groups = await this.actuals.groups();
    const today = new Date().toISOString().slice(0, 10);
    const [stock, sold] = await Promise.all([
      sendRpc(this.sales, SalesPatterns.groupedStock, { ...groups, from, to }, TIMEOUT_MS),
      // Only weeks begun can have sold anything.
      from > today ? Promise.resolve([]) : sendRpc(this.sales, SalesPatterns.groupedTotals, { ...groups, from, to: to < today ? to : today }, TIMEOUT_MS),
    ]);
    return { stock, sold };
  }
}

/** The override asked for, else the category's own target, else DEFAULT_WEEKS_OF_COVER. */
function stockTarget(override: number | undefined, own: MerchandiseTargetsView | undefined): StockTarget {
  if (override !== undefined) return { weeksOfCover: override };
  if (own?.stockToSales != null) return { stockToSales: own.stockToSales };
  return { weeksOfCover: own?.weeksOfCover ?? DEFAULT_WEEKS_OF_COVER };
}

function periodName(period: OpenToBuyQuery['period'], group: FiscalPeriodGroup): string {
  return period === 'year' ? `year ${group.year}` : `${period} ${group.number} of ${group.year}`;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const known = map.get(k);
    if (known) known.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Rows as asked: per category × cluster, summed per category, or one for the plan. */
function rollUp(rows: Array<{ category: string; cluster: string; figures: OpenToBuyFigures[] }>, by: OpenToBuyView['by']): OpenToBuyView['rows'] {
  if (by === 'cluster') return rows;
  if (by === 'plan') return rows.length === 0 ? [] : [{ category: null, cluster: null, figures: sumFigures(rows.map((r) => r.figures)) }];
  return [...groupBy(rows, (r) => r.category)].map(([category, mine]) => ({ category, cluster: null, figures: sumFigures(mine.map((r) => r.figures)) }));
}
