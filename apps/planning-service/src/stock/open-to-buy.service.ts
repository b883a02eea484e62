import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { OpenToBuyQuery, OpenToBuyView, SalesPatterns, addWeeks, fiscalPeriods, fiscalWeek, weeksBetween, weeksFrom } from '@tideline/contracts';
import { sendRpc, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { ActualsService } from '../actuals/actuals.service';
import { CalendarService } from '../calendar/calendar.service';
import { readPlan } from '../plans/plan-store';
import { openToBuy } from './open-to-buy';

const TIMEOUT_MS = 30_000;

/** A budget row's planned units by week (bigints arrive as strings). */
type PlannedRow = { category: string; cluster: string; week_from: string; plan: string[] };
const DEFAULT_WEEKS_OF_COVER = 4;

/** A plan's stock and open-to-buy by category × cluster × fiscal period, from its planned units and the stock and orders the sales service holds. */
@Injectable()
export class OpenToBuyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly actuals: ActualsService,
    @Inject(serviceClientToken('sales')) private readonly sales: ClientProxy,
  ) {}

  async view({ id, period = 'month', weeksOfCover = DEFAULT_WEEKS_OF_COVER, category }: OpenToBuyQuery): Promise<OpenToBuyView> {
    const plan = await readPlan(this.dataSource.manager, id);
    const weeks = weeksFrom(plan.from, plan.to);
    const groups = fiscalPeriods(weeks.map((week) => fiscalWeek(this.calendar.calendar, week)), period);
    const openingCount = addWeeks(plan.from, -1);
    const [rows, stock] = await Promise.all([
      this.dataSource.query<PlannedRow[]>(
        `SELECT category, cluster, to_char(week_from, 'YYYY-MM-DD') AS week_from, plan FROM planning.budget_rows
         WHERE plan_id = $1 AND ($2::text IS NULL OR category = $2) ORDER BY category, cluster`,
        [id, category ?? null],
      ),
      this.fetchStock(openingCount, plan.to),
    ]);
    const weekIndex = new Map(weeks.map((week, i) => [week, i]));
    const stockOf = new Map<string, typeof stock>();
    for (const s of stock) {
      const pair = `${s.productGroup}\u0000${s.storeGroup}`;
      const known = stockOf.get(pair);
      if (known) known.push(s);
      else stockOf.set(pair, [s]);
    }
    return {
      plan,
      period,
      weeksOfCover,
      openingCount,
      periods: groups.map((g) => ({ name: `${period} ${g.number} of ${g.year}`, from: weeks[g.weeks[0]], to: weeks[g.weeks[g.weeks.length - 1]], weeks: g.weeks.length })),
      rows: rows.map((row) => {
        const mine = stockOf.get(`${row.category}\u0000${row.cluster}`) ?? [];
        const onOrder = new Array<number>(weeks.length).fill(0);
        for (const s of mine) {
          const i = weekIndex.get(s.week);
          if (i !== undefined) onOrder[i] += s.onOrder;
        }
        // A row's weeks start at its own first week (the plan's).
        const offset = weeksBetween(plan.from, row.week_from);
        const sales = weeks.map((_, i) => Number(row.plan[i - offset] ?? 0));
        const openingStock = mine.find((s) => s.week === openingCount)?.onHand ?? 0;
        return { category: row.category, cluster: row.cluster, figures: openToBuy({ sales, onOrder, openingStock, periods: groups.map((g) => g.weeks), weeksOfCover }) };
      }),
    };
  }

  /** On hand and on order by category × cluster × week, as the catalog groups products and stores now. */
  private async fetchStock(from: string, to: string) {
    return sendRpc(this.sales, SalesPatterns.groupedStock, { ...(await this.actuals.groups()), from, to }, TIMEOUT_MS);
  }
}
