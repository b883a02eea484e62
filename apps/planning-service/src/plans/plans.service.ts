import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  AuditEntry,
  BranchCommand,
  CompareQuery,
  CompareView,
  CreatePlanCommand,
  ErrorCodes,
  ForecastPatterns,
  Page,
  PageQuery,
  PlanStatus,
  PlanView,
  Roles,
  RefreshBaselineCommand,
  RunCompletedEvent,
  TransitionCommand,
  addWeeks,
  weeksBetween,
  isMonday,
} from '@tideline/contracts';
import { DomainError, currentManager, inTransaction, sendRpc, serviceClientToken, sqlPage, stepTimer } from '@tideline/server-kit';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ActualsService } from '../actuals/actuals.service';
import { ForecastColumns, insertRows } from '../budget/budget-rows';
import { AssortmentService } from '../assortment/assortment.service';
import { PLAN_SELECT, PlanRow, changedSinceApproval, lockDraftFor, lockPlan, mayChange, readHistory, readPlan, readPlans, recordChange } from './plan-store';

/** The forecast's first page: about 20,000 cells for 20 clusters × 52 weeks. */
const FIRST_PAGE_CATEGORIES = 20;
/** The cells of a later page (about 10 MB as JSON), its categories worked out from the first page's cells per category. */
const CELLS_PER_PAGE = 100_000;
const MAX_PAGE_CATEGORIES = 1000;
const FORECAST_TIMEOUT_MS = 30_000;
const MAX_WEEKS = 104;


/** Which status each action leads from and to. */
const TRANSITIONS: Record<TransitionCommand['action'], { from: PlanStatus[]; to: PlanStatus }> = {
  submit: { from: ['draft'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  reopen: { from: ['submitted', 'rejected'], to: 'draft' },
};

/** Plans: created from the forecast, then draft → submitted → approved or rejected → reopened. */
@Injectable()
export class PlansService {
  private readonly logger = new Logger(PlansService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(serviceClientToken('forecast')) private readonly forecast: ClientProxy,
    private readonly assortment: AssortmentService,
    private readonly actuals: ActualsService,
  ) {}

  async create(command: CreatePlanCommand): Promise<PlanView> {
    const { name, from, to, department, approver, maxRange, actor, lastYear = 'fiscal_week' } = command;
    const editors = [...new Set(command.editors ?? [])].filter((editor) => editor !== actor);
    if (!isMonday(from) || !isMonday(to)) throw invalid('from and to must be Mondays (the ISO date of a week)');
    if (to < from) throw invalid('to must not be before from');
    if (addWeeks(from, MAX_WEEKS - 1) < to) throw invalid(`a plan covers at most ${MAX_WEEKS} weeks`);
    if (approver === actor) throw invalid('the owner cannot be the approver');
    if (approver && editors.includes(approver)) throw invalid('the approver cannot be an editor: approving what one changed is no review');

    // The forecast, the range and the sales are asked for at once.
    const steps = stepTimer();
    const [forecast, range, actuals] = await Promise.all([this.baseline(from, to, department), this.assortment.fetchRange(from, to, department), this.actuals.fetchFor(from, to, lastYear)]);
    steps.lap('forecast, range and sales fetched');
    const id = randomUUID();
    await inTransaction(this.dataSource, async (m) => {
      await m.query(
        `INSERT INTO planning.plans (id, family_id, name, owner, approver, week_from, week_to, department, max_range, editors, last_year) VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, name, actor, approver ?? null, from, to, department ?? null, maxRange ?? null, editors, lastYear],
      );
      await this.assortment.insertRange(m, id, from, range);
      steps.lap('range');
      await insertRows(m, id, { weekFrom: from, weeks: weekCount(from, to), forecast, ...this.actuals.columnsFor(actuals) });
      steps.lap('cells');
      const [{ cells }] = await m.query(`SELECT sum(weeks)::int AS cells FROM planning.budget_rows WHERE plan_id = $1`, [id]);
      await m.query(`INSERT INTO planning.audit (plan_id, actor, what, after) VALUES ($1, $2, 'created', $3)`, [
        id,
        actor,
        JSON.stringify({ name, from, to, department: department ?? null, cells }),
      ]);
    });
    steps.lap('committed');
    const plan = await this.get(id);
    steps.lap('read');
    this.logger.log(`Plan ${id} created (${plan.cells} cells): ${steps.laps()}`);
    return plan;
  }

  /** The baseline: the final forecast by category × cluster × week in the period, as the columns new rows are built from. */
  private async baseline(from: string, to: string, department: string | undefined): Promise<ForecastColumns> {
    const columns: ForecastColumns = { category: [], cluster: [], week: [], units: [], revenue: [], cost: [] };
    // Each page costs a round trip whatever its size, so pages are as big as is safe to send.
    for (let afterCategory: string | undefined, categories = FIRST_PAGE_CATEGORIES; ; ) {
      const query = { from, to, department, afterCategory, categories };
      const page = await sendRpc(this.forecast, ForecastPatterns.categoryClusterWeeks, query, FORECAST_TIMEOUT_MS);
      if (page.length === 0) break;
      const cellsPerCategory = page.length / new Set(page.map((cell) => cell.category)).size;
      categories = Math.max(1, Math.min(MAX_PAGE_CATEGORIES, Math.floor(CELLS_PER_PAGE / cellsPerCategory)));
      for (const cell of page) {
        columns.category.push(cell.category);
        columns.cluster.push(cell.cluster);
        columns.week.push(cell.week);
        columns.units.push(cell.units);
        columns.revenue.push(cell.revenue);
        columns.cost.push(cell.cost);
      }
      afterCategory = page[page.length - 1].category;
    }
    if (columns.week.length === 0) throw new DomainError(ErrorCodes.notFound, `No forecast between ${from} and ${to}${department ? ` in ${department}` : ''} to plan from`);
    return columns;
  }

  /**
   * Takes the newest forecast as the baseline of a draft: the forecast column of every cell is
   * replaced (a pair new in the forecast gets cells planned at its forecast); plan values and locks
   * stay as the managers left them.
   */
  async refreshBaseline(command: RefreshBaselineCommand): Promise<PlanView> {
    const { id, version, actor } = command;
    const current = await this.get(id);
    const forecast = await this.baseline(current.from, current.to, current.department ?? undefined);
    // A pair new in the forecast gets cells here, and they need last year's figures too.
    const actuals = await this.actuals.fetchFor(current.from, current.to, current.lastYear);
    await this.dataSource.transaction(async (m) => {
      await lockDraftFor(m, id, version, command);
      // Every week's forecast is replaced: 0 where the new forecast has no such pair.
      await m.query(
        `UPDATE planning.budget_rows SET forecast = array_fill(0::float8, ARRAY[cardinality(forecast)]),
           forecast_revenue = array_fill(0::float8, ARRAY[cardinality(forecast)]), forecast_cost = array_fill(0::float8, ARRAY[cardinality(forecast)])
         WHERE plan_id = $1`,
        [id],
      );
      // A new pair's sales come from fill, with every other row's.
      const noSales = { category: [], cluster: [], week: [], units: [], revenue: [] };
      await insertRows(m, id, { weekFrom: current.from, weeks: weekCount(current.from, current.to), forecast, lastYear: noSales, thisYear: noSales }, true);
      await this.actuals.fill(m, id, actuals);
      await m.query(`UPDATE planning.plans SET baseline_at = now() WHERE id = $1`, [id]);
      const total = forecast.units.reduce((s, v) => s + v, 0);
      await recordChange(m, id, actor, 'baseline refreshed', { forecast: current.forecastUnits }, { forecast: Math.round(total * 1000) / 1000 });
    });
    return this.get(id);
  }

  /**
   * A draft copy of a plan: the family's next version (how an approved plan changes), or a named
   * what-if scenario at the same version. The source is left as it is.
   */
  async branch({ id, kind, scenario, actor }: BranchCommand): Promise<PlanView> {
    if (kind === 'scenario' && !scenario) throw invalid('a scenario needs a name');
    const copy = randomUUID();
    await inTransaction(this.dataSource, async (m) => {
      const [source]: PlanRow[] = await m.query(`${PLAN_SELECT} WHERE p.id = $1 FOR SHARE`, [id]);
      if (!source) throw new DomainError(ErrorCodes.notFound, `No plan ${id}`, { id });
      // The family row lock makes two simultaneous new versions take different numbers.
      await m.query(`SELECT 1 FROM planning.plans WHERE id = $1 FOR UPDATE`, [source.family_id]);
      const [{ next }] = await m.query(`SELECT max(revision) + 1 AS next FROM planning.plans WHERE family_id = $1`, [source.family_id]);
      const revision = kind === 'version' ? next : source.revision;
      await m.query(
        `INSERT INTO planning.plans (id, family_id, revision, scenario, branched_from, name, owner, approver, editors, week_from, week_to, department, baseline_at, last_year)
         SELECT $1, family_id, $2, $3, id, name, $4, approver, array_remove(editors, $4), week_from, week_to, department, baseline_at, last_year FROM planning.plans WHERE id = $5`,
        [copy, revision, kind === 'scenario' ? scenario : null, actor, id],
      );
      await m.query(`UPDATE planning.plans SET max_range = (SELECT max_range FROM planning.plans WHERE id = $2) WHERE id = $1`, [copy, id]);
      await m.query(
        `INSERT INTO planning.assortment (plan_id, sku, cluster, name, category, in_range, from_week, units, revenue)
         SELECT $1, sku, cluster, name, category, in_range, from_week, units, revenue FROM planning.assortment WHERE plan_id = $2`,
        [copy, id],
      );
      // A copy's cells start at version 1, as a new plan's do.
      await m.query(
        `INSERT INTO planning.budget_rows (plan_id, category, cluster, week_from, forecast, forecast_revenue, forecast_cost, plan, locked, version,
           price, unit_cost, ly_units, ly_revenue, actual_units, actual_revenue)
         SELECT $1, category, cluster, week_from, forecast, forecast_revenue, forecast_cost, plan, locked, array_fill(1, ARRAY[cardinality(plan)]),
           price, unit_cost, ly_units, ly_revenue, actual_units, actual_revenue
         FROM planning.budget_rows WHERE plan_id = $2`,
        [copy, id],
      );
      await m.query(
        `INSERT INTO planning.merchandise_targets (plan_id, category, weeks_of_cover, stock_to_sales, markdowns, updated_by)
         SELECT $1, category, weeks_of_cover, stock_to_sales, markdowns, $3 FROM planning.merchandise_targets WHERE plan_id = $2`,
        [copy, id, actor],
      );
      await m.query(`INSERT INTO planning.audit (plan_id, actor, what, after) VALUES ($1, $2, 'branched', $3)`, [
        copy,
        actor,
        JSON.stringify({ from: id, revision, scenario: kind === 'scenario' ? scenario : null }),
      ]);
    });
    return this.get(copy);
  }

  /** Two plans (versions or scenarios) cell by cell: the cells that differ, and both totals. */
  async compare({ id, with: other }: CompareQuery): Promise<CompareView> {
    const [a, b] = await Promise.all([this.get(id), this.get(other)]);
    const cells: Array<{ category: string; cluster: string; week: string; a: string | null; b: string | null }> = await this.dataSource.query(
      `SELECT coalesce(x.category, y.category) AS category, coalesce(x.cluster, y.cluster) AS cluster,
         to_char(coalesce(x.week, y.week), 'YYYY-MM-DD') AS week, x.plan AS a, y.plan AS b
       FROM (SELECT * FROM planning.budget_cells WHERE plan_id = $1) x
       FULL JOIN (SELECT * FROM planning.budget_cells WHERE plan_id = $2) y USING (category, cluster, week)
       WHERE x.plan IS DISTINCT FROM y.plan ORDER BY 1, 2, 3`,
      [id, other],
    );
    const value = (v: string | null) => (v === null ? null : Number(v));
    return {
      a,
      b,
      cells: cells.map((c) => ({ ...c, a: value(c.a), b: value(c.b), difference: (value(c.b) ?? 0) - (value(c.a) ?? 0) })),
      totalA: a.planUnits,
      totalB: b.planUnits,
    };
  }

  /** A forecast run completed: plans whose baseline is older now say so. Idempotent. */
  async forecastCompleted(event: RunCompletedEvent): Promise<void> {
    await this.dataSource.query(`INSERT INTO planning.forecast_runs (run_id, as_of) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [event.runId, event.asOf]);
  }

  get(id: string): Promise<PlanView> {
    return readPlan(currentManager(this.dataSource), id);
  }

  async list(query: PageQuery): Promise<Page<PlanView>> {
    const { rows, total } = await sqlPage<{ id: string }>(this.dataSource, query, {
      select: 'id',
      from: 'planning.plans',
      sortable: { updatedAt: 'updated_at', createdAt: 'created_at', name: 'name', status: 'status' },
      defaultSort: '-updatedAt',
    });
    return { items: await readPlans(this.dataSource.manager, rows.map((r) => r.id)), total };
  }

  async transition(command: TransitionCommand): Promise<PlanView> {
    const { id, action, actor, roles, version, comment } = command;
    await this.dataSource.transaction(async (m) => {
      const plan = await lockPlan(m, id, version);
      const rule = TRANSITIONS[action];
      if (!rule.from.includes(plan.status)) {
        throw new DomainError(ErrorCodes.conflict, `A ${plan.status} plan cannot be ${action === 'submit' ? 'submitted' : `${action}ed`}`, { status: plan.status });
      }
      if (action === 'approve' || action === 'reject') {
        if (actor === plan.owner) throw new DomainError(ErrorCodes.forbidden, `The owner cannot ${action} their own plan`);
        if (!roles.includes(Roles.admin) && actor !== plan.approver) {
          throw new DomainError(ErrorCodes.forbidden, `Only an admin or the plan's approver (${plan.approver ?? 'none named'}) can ${action} it`);
        }
        if (await changedSinceApproval(m, id, actor)) {
          throw new DomainError(ErrorCodes.forbidden, `${actor} changed this plan since it was last approved, so cannot ${action} it: someone else reviews it`);
        }
      } else if (!mayChange(plan, { actor, roles })) {
        // Submitting and reopening belong to those who write the plan, not to its approver.
        throw new DomainError(ErrorCodes.forbidden, `Only the plan's owner (${plan.owner}), the editors they named or an admin can ${action} it`, { owner: plan.owner });
      }
      if (action === 'reject' && !comment) throw invalid('a rejection needs a comment saying why');
      await m.query(`UPDATE planning.plans SET status = $2, comment = $3 WHERE id = $1`, [id, rule.to, comment ?? null]);
      await recordChange(m, id, actor, action, { status: plan.status }, { status: rule.to, comment: comment ?? null });
    });
    return this.get(id);
  }

  history(id: string): Promise<AuditEntry[]> {
    return readHistory(this.dataSource.manager, id);
  }
}

/** How many weeks a period of Mondays `from`…`to` holds. */
const weekCount = (from: string, to: string) => weeksBetween(from, to) + 1;

const invalid = (message: string) => new DomainError(ErrorCodes.validationFailed, message);
