import { Injectable } from '@nestjs/common';
import { ErrorCodes, StrategyCommand, StrategyView, TargetCheck } from '@tideline/contracts';
import { DomainError } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { lockDraftFor, readPlan, recordChange } from '../plans/plan-store';

type StrategyRow = {
  category: string;
  role: StrategyView['role'];
  strategy: StrategyView['strategy'];
  sales_growth_percent: number | null;
  margin_percent: number | null;
  products_target: number | null;
  notes: string | null;
  version: number;
  updated_by: string;
  updated_at: Date;
  plan_units: string | null;
  forecast_units: number | null;
  ly_units: number | null;
  plan_revenue: number | null;
  plan_margin: number | null;
  kept: number;
};

/** A products target is met when the kept range is within this share of it (and at least one product). */
const PRODUCTS_TOLERANCE = 0.05;

/**
 * Category strategies of a plan, each checked against the plan: the sales growth target against the
 * category's planned units over last year's (over its forecast where last year sold nothing), the
 * products target against the products its range keeps, the margin target against the plan's margin
 * where every product has a cost (unknown otherwise, rather than guessed).
 */
@Injectable()
export class StrategiesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(planId: string): Promise<StrategyView[]> {
    await readPlan(this.dataSource.manager, planId); // 404 for an unknown plan
    const rows: StrategyRow[] = await this.dataSource.query(
      `SELECT s.*, b.plan_units, b.forecast_units, b.ly_units, b.plan_revenue, b.plan_margin,
         (SELECT count(DISTINCT a.sku)::int FROM planning.assortment a WHERE a.plan_id = $1 AND a.category = s.category AND a.in_range) AS kept
       FROM planning.strategies s
       LEFT JOIN (SELECT category, sum(total_plan) AS plan_units, sum(total_forecast) AS forecast_units, sum(total_ly_units) AS ly_units,
                    sum(total_plan_revenue) AS plan_revenue, CASE WHEN bool_and(total_plan_margin IS NOT NULL) THEN sum(total_plan_margin) END AS plan_margin
                  FROM planning.budget_rows WHERE plan_id = $1 GROUP BY category) b USING (category)
       WHERE s.plan_id = $1 ORDER BY s.category`,
      [planId],
    );
    return rows.map(toView);
  }

  async set(command: StrategyCommand): Promise<StrategyView> {
    const { id, category, version, actor } = command;
    await this.dataSource.transaction(async (m) => {
      await lockDraftFor(m, id, null, command);
      const [known] = await m.query(`SELECT 1 FROM planning.budget_rows WHERE plan_id = $1 AND category = $2 LIMIT 1`, [id, category]);
      if (!known) throw new DomainError(ErrorCodes.notFound, `The plan has no category ${category}`, { category });
      const [current]: StrategyRow[] = await m.query(`SELECT * FROM planning.strategies WHERE plan_id = $1 AND category = $2`, [id, category]);
      if ((current?.version ?? 0) !== version) {
        throw new DomainError(ErrorCodes.conflict, `The strategy of ${category} changed since version ${version}`, {
          currentVersion: current?.version ?? 0,
          changedBy: current?.updated_by ?? null,
        });
      }
      // The stated fields, in column order: the audit's before and after, and the row's values.
      const after = {
        role: command.role,
        strategy: command.strategy,
        salesGrowthPercent: command.salesGrowthPercent ?? null,
        marginPercent: command.marginPercent ?? null,
        productsTarget: command.productsTarget ?? null,
        notes: command.notes ?? null,
      };
      const before = current && {
        role: current.role,
        strategy: current.strategy,
        salesGrowthPercent: current.sales_growth_percent,
        marginPercent: current.margin_percent,
        productsTarget: current.products_target,
        notes: current.notes,
      };
      await m.query(
        `INSERT INTO planning.strategies (plan_id, category, role, strategy, sales_growth_percent, margin_percent, products_target, notes, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (plan_id, category) DO UPDATE SET role = $3, strategy = $4, sales_growth_percent = $5, margin_percent = $6,
           products_target = $7, notes = $8, updated_by = $9, updated_at = now(), version = planning.strategies.version + 1`,
        [id, category, ...Object.values(after), actor],
      );
      await recordChange(m, id, actor, `strategy ${category}`, before ?? null, after);
    });
    const views = await this.list(id);
    const view = views.find((v) => v.category === category);
    if (!view) throw new Error(`strategy ${category} vanished`);
    return view;
  }
}

function toView(r: StrategyRow): StrategyView {
  const plan = Number(r.plan_units ?? 0);
  const lastYear = Number(r.ly_units ?? 0);
  const growthAgainst = lastYear > 0 ? 'last_year' : 'forecast';
  const reference = lastYear > 0 ? lastYear : Number(r.forecast_units ?? 0);
  const plannedGrowthPercent = reference > 0 ? Math.round((plan / reference - 1) * 10_000) / 100 : null;
  const salesGrowth: TargetCheck =
    r.sales_growth_percent === null || plannedGrowthPercent === null ? 'unknown' : plannedGrowthPercent >= r.sales_growth_percent ? 'met' : 'missed';
  const plannedMarginPercent = r.plan_margin !== null && Number(r.plan_revenue) > 0 ? Math.round((r.plan_margin / Number(r.plan_revenue)) * 10_000) / 100 : null;
  const margin: TargetCheck =
    r.margin_percent === null || plannedMarginPercent === null ? 'unknown' : plannedMarginPercent >= r.margin_percent ? 'met' : 'missed';
  const products: TargetCheck =
    r.products_target === null ? 'unknown' : Math.abs(r.kept - r.products_target) <= Math.max(1, r.products_target * PRODUCTS_TOLERANCE) ? 'met' : 'missed';
  return {
    category: r.category,
    role: r.role,
    strategy: r.strategy,
    ...(r.sales_growth_percent !== null ? { salesGrowthPercent: r.sales_growth_percent } : {}),
    ...(r.margin_percent !== null ? { marginPercent: r.margin_percent } : {}),
    ...(r.products_target !== null ? { productsTarget: r.products_target } : {}),
    ...(r.notes !== null ? { notes: r.notes } : {}),
    version: r.version,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at.toISOString(),
    plannedGrowthPercent,
    growthAgainst,
    productsKept: r.kept,
    plannedMarginPercent,
    checks: { salesGrowth, margin, products },
  };
}
