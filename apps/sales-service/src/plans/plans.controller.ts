import { Controller, Inject } from '@nestjs/common';
import { ClientProxy, Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import {
  CatalogPatterns,
  ErrorCodes,
  PlannedWeek,
  PlansQuery,
  RemovePlansQuery,
  SalesPatterns,
  SavePlanCommand,
  addWeeks,
  driversProblem,
  periodProblem,
} from '@tideline/contracts';
import { DomainError, runOnce, sendRpc, serviceClientToken, updateReturning } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { ANY_STORE } from '../uploads/sales-row';

const CATALOG_TIMEOUT_MS = 10_000;
/** A promotion entered in the app spans at most two years of weeks. */
const MAX_PLAN_WEEKS = 104;

type PlanRow = { week: string; sku: string; store: string; price: string | null; promo: boolean | null; drivers: Record<string, number> | null; entered_by: string | null; upload_id: string | null; updated_at: Date };
const COLUMNS = `to_char(week, 'YYYY-MM-DD') AS week, sku, store, price, promo, drivers, entered_by, upload_id, updated_at`;
const toView = (r: PlanRow): PlannedWeek => ({
  week: r.week,
  sku: r.sku,
  store: r.store,
  price: r.price === null ? null : Number(r.price),
  promo: r.promo,
  drivers: r.drivers ?? {},
  enteredBy: r.entered_by,
  uploadId: r.upload_id,
  updatedAt: r.updated_at.toISOString(),
});

/** The weeks from `from` to `to` (Mondays), or the reason they are not a period. */
export function planWeeks(from: string, to: string): string[] | string {
  const problem = periodProblem(from, to);
  if (problem) return problem.message;
  const weeks: string[] = [];
  for (let week = from; week <= to; week = addWeeks(week, 1)) {
    if (weeks.length === MAX_PLAN_WEEKS) return `a plan spans at most ${MAX_PLAN_WEEKS} weeks`;
    weeks.push(week);
  }
  return weeks;
}

/** Planned drivers entered in the Forecasting app: the same rows a plan upload writes, one per week, store (or `*`) and SKU. */
@Controller()
export class PlansController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(serviceClientToken('catalog')) private readonly catalog: ClientProxy,
  ) {}

  /** Writes (or replaces) the planned weeks of a promotion; answers the rows written. */
  @MessagePattern(SalesPatterns.savePlan)
  async save(@Payload() command: SavePlanCommand, @Ctx() context: RmqContext): Promise<PlannedWeek[]> {
    const weeks = planWeeks(command.from, command.to);
    if (typeof weeks === 'string') throw new DomainError(ErrorCodes.validationFailed, weeks, { field: 'from' });
    const problem = driversProblem(command.drivers);
    if (problem) throw new DomainError(ErrorCodes.validationFailed, problem, { field: 'drivers' });
    if (command.price === undefined && command.promo === undefined && Object.keys(command.drivers ?? {}).length === 0) {
      throw new DomainError(ErrorCodes.validationFailed, 'The plan plans nothing: give a price, promo or drivers', { field: 'price' });
    }
    await this.checkKnown(command.sku, command.stores);
    const stores = command.stores ?? [ANY_STORE];
    const drivers = Object.keys(command.drivers ?? {}).length > 0 ? JSON.stringify(command.drivers) : null;
    return runOnce(
      this.dataSource,
      context,
      async (m: EntityManager) => {
        const rows: PlanRow[] = await m.query(
          `INSERT INTO sales.planned_drivers (week, store, sku, price, promo, drivers, entered_by, upload_id, updated_at)
           SELECT w, s, $3, $4, $5, $6::jsonb, $7, NULL, now() FROM unnest($1::date[]) w CROSS JOIN unnest($2::text[]) s
           ON CONFLICT (week, store, sku) DO UPDATE SET price = EXCLUDED.price, promo = EXCLUDED.promo, drivers = EXCLUDED.drivers,
             entered_by = EXCLUDED.entered_by, upload_id = NULL, updated_at = now()
           RETURNING ${COLUMNS}`,
          [weeks, stores, command.sku, command.price ?? null, command.promo ?? null, drivers, command.actor],
        );
        return rows.map(toView).sort((a, b) => a.store.localeCompare(b.store) || a.week.localeCompare(b.week));
      },
      { request: command },
    );
  }

  @MessagePattern(SalesPatterns.listPlans)
  async list(@Payload() query: PlansQuery): Promise<PlannedWeek[]> {
    const rows: PlanRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sales.planned_drivers
       WHERE sku = $1 AND ($2::text IS NULL OR store IN ($2, '*')) AND week >= coalesce($3::date, '-infinity')
       ORDER BY week, store LIMIT 5000`,
      [query.sku, query.store ?? null, query.from ?? null],
    );
    return rows.map(toView);
  }

  @MessagePattern(SalesPatterns.removePlans)
  async remove(@Payload() query: RemovePlansQuery, @Ctx() context: RmqContext): Promise<{ removed: number }> {
    return runOnce(
      this.dataSource,
      context,
      async (m: EntityManager) => {
        const rows = await updateReturning<{ week: string }>(
          m,
          `DELETE FROM sales.planned_drivers WHERE sku = $1 AND ($2::text IS NULL OR store = $2) AND week BETWEEN $3 AND $4 RETURNING week`,
          [query.sku, query.store ?? null, query.from, query.to],
        );
        return { removed: rows.length };
      },
      { request: query },
    );
  }

  private async checkKnown(sku: string, stores: string[] | undefined): Promise<void> {
    const { known: skus } = await sendRpc(this.catalog, CatalogPatterns.resolveProducts, { codes: [sku] }, CATALOG_TIMEOUT_MS);
    if (skus.length === 0) throw new DomainError(ErrorCodes.validationFailed, `sku: ${sku} is not in the catalog`, { field: 'sku' });
    if (!stores) return;
    const { known } = await sendRpc(this.catalog, CatalogPatterns.resolveStores, { codes: stores }, CATALOG_TIMEOUT_MS);
    const unknown = stores.filter((s) => !known.includes(s));
    if (unknown.length > 0) throw new DomainError(ErrorCodes.validationFailed, `stores: not in the catalog: ${unknown.slice(0, 10).join(', ')}`, { field: 'stores' });
  }
}
