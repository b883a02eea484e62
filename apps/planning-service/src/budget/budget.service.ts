import { Injectable } from '@nestjs/common';
import { BudgetCell, CellChange, CellHistoryQuery, ErrorCodes, GridQuery, GridRollup, GridView, SetCellCommand, SpreadCommand, SpreadResult } from '@tideline/contracts';
import { DomainError } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { lockDraftFor, readPlan, recordChange } from '../plans/plan-store';
import { BasisCell, spreadTotal, spreadWeights } from './spread';
import { WeekColumn, setWeeks } from './budget-rows';

/** The columns a cell edit sets. */
const PLAN_AND_LOCK: WeekColumn[] = [
  { name: 'plan', type: 'bigint' },
  { name: 'locked', type: 'boolean' },
];

const CELL_COLUMNS = `category, cluster, to_char(week, 'YYYY-MM-DD') AS week, forecast, plan, locked, version,
  price, unit_cost, forecast_revenue, ly_units, ly_revenue, actual_units, actual_revenue`;

type CellRow = {
  category: string;
  cluster: string;
  week: string;
  forecast: number;
  plan: string;
  locked: boolean;
  version: number;
  price: number;
  unit_cost: number | null;
  forecast_revenue: number;
  ly_units: number;
  ly_revenue: number;
  actual_units: number | null;
  actual_revenue: number | null;
};

const units = (v: number) => Math.round(v * 1000) / 1000;
const money = (v: number) => Math.round(v * 100) / 100;
const price = (v: number) => Math.round(v * 10_000) / 10_000;

const toCell = (r: CellRow): BudgetCell => {
  const plan = Number(r.plan);
  return {
    category: r.category,
    cluster: r.cluster,
    week: r.week,
    forecast: units(r.forecast),
    plan,
    locked: r.locked,
    version: r.version,
    price: price(r.price),
    planRevenue: money(plan * r.price),
    forecastRevenue: money(r.forecast_revenue),
    unitCost: r.unit_cost === null ? null : price(r.unit_cost),
    planMargin: r.unit_cost === null ? null : money(plan * (r.price - r.unit_cost)),
    lastYear: units(r.ly_units),
    lastYearRevenue: money(r.ly_revenue),
    actual: r.actual_units === null ? null : units(r.actual_units),
    actualRevenue: r.actual_revenue === null ? null : money(r.actual_revenue),
    remaining: units(plan - (r.actual_units ?? 0)),
  };
};

type RollupRow = {
  category: string | null;
  cluster: string | null;
  plan: string;
  forecast: number;
  ly: number;
  plan_revenue: number;
  forecast_revenue: number;
  ly_revenue: number;
  plan_margin: number | null;
  plan_to_date: string;
  actual_to_date: number;
};

const toRollup = (r: RollupRow): GridRollup => {
  const plan = Number(r.plan);
  return {
    category: r.category,
    cluster: r.cluster,
    plan,
    forecast: units(r.forecast),
    gap: units(plan - r.forecast),
    lastYear: units(r.ly),
    gapToLastYear: units(plan - r.ly),
    growthPercent: r.ly > 0 ? Math.round((plan / r.ly - 1) * 10_000) / 100 : null,
    planRevenue: money(r.plan_revenue),
    forecastRevenue: money(r.forecast_revenue),
    lastYearRevenue: money(r.ly_revenue),
    planMargin: r.plan_margin === null ? null : money(r.plan_margin),
    marginPercent: r.plan_margin === null || r.plan_revenue <= 0 ? null : Math.round((r.plan_margin / r.plan_revenue) * 10_000) / 100,
    planToDate: Number(r.plan_to_date),
    actualToDate: units(r.actual_to_date),
    remaining: units(plan - r.actual_to_date),
  };
};

const SELECTION = `plan_id = $1 AND ($2::text IS NULL OR category = $2) AND ($3::text IS NULL OR cluster = $3)`;

/** The budget grid of a plan: read it, change a cell, spread a total top-down, read a cell's history. */
@Injectable()
export class BudgetService {
  constructor(private readonly dataSource: DataSource) {}

  async grid(query: GridQuery): Promise<GridView> {
    const plan = await readPlan(this.dataSource.manager, query.id);
    const params = [query.id, query.category ?? null, query.cluster ?? null];
    const rows: CellRow[] = await this.dataSource.query(`SELECT ${CELL_COLUMNS} FROM planning.budget_cells WHERE ${SELECTION} ORDER BY category, cluster, week`, params);
    const rollups: RollupRow[] = await this.dataSource.query(
      `SELECT category, cluster, sum(plan) AS plan, sum(forecast) AS forecast, sum(ly_units) AS ly,
         sum(plan * price) AS plan_revenue, sum(forecast_revenue) AS forecast_revenue, sum(ly_revenue) AS ly_revenue,
         CASE WHEN bool_and(unit_cost IS NOT NULL) THEN sum(plan * (price - unit_cost)) END AS plan_margin,
         coalesce(sum(plan) FILTER (WHERE actual_units IS NOT NULL), 0) AS plan_to_date, coalesce(sum(actual_units), 0) AS actual_to_date
       FROM planning.budget_cells WHERE ${SELECTION}
       GROUP BY GROUPING SETS ((category, cluster), (category), (cluster), ()) ORDER BY category NULLS FIRST, cluster NULLS FIRST`,
      params,
    );
    return { plan, cells: rows.map(toCell), rollups: rollups.map(toRollup) };
  }

  /** The categories a plan holds, in order: what a page needs that lists them, without every cell. */
  async categories(id: string): Promise<string[]> {
    await readPlan(this.dataSource.manager, id); // 404 for an unknown plan
    const rows: Array<{ category: string }> = await this.dataSource.query(`SELECT DISTINCT category FROM planning.budget_rows WHERE plan_id = $1 ORDER BY category`, [id]);
    return rows.map((r) => r.category);
  }

  /** One cell, naming the cell version seen; a stale one gets 409 with the cell as it is now. */
  async setCell(command: SetCellCommand): Promise<BudgetCell> {
    const { id, category, cluster, week, version, units: newUnits, locked, actor } = command;
    if (newUnits === undefined && locked === undefined) throw new DomainError(ErrorCodes.validationFailed, 'Give units, locked or both');
    return this.dataSource.transaction(async (m) => {
      const plan = await lockDraftFor(m, id, null, command);
      // The plan's row lock (above) serialises every change to its cells.
      const readCell = async () => {
        const [row]: CellRow[] = await m.query(
          `SELECT ${CELL_COLUMNS} FROM planning.budget_cells WHERE plan_id = $1 AND category = $2 AND cluster = $3 AND week = $4`,
          [plan.id, category, cluster, week],
        );
        return row;
      };
      const cell = await readCell();
      if (!cell) throw new DomainError(ErrorCodes.notFound, `The plan has no cell ${category} × ${cluster} × ${week}`, { category, cluster, week });
      if (cell.version !== version) {
        throw new DomainError(ErrorCodes.conflict, `The cell changed since version ${version}`, { current: toCell(cell) });
      }
      const units = newUnits === undefined ? Number(cell.plan) : Math.round(newUnits);
      await setWeeks(m, plan.id, { category: [category], cluster: [cluster], week: [week] }, PLAN_AND_LOCK, [[units], [locked ?? cell.locked]], true);
      const updated = await readCell();
      const [before, after] = [toCell(cell), toCell(updated)];
      await recordCellChanges(m, plan.id, actor, 'cell', {
        category: [category],
        cluster: [cluster],
        week: [week],
        planBefore: [before.plan],
        planAfter: [after.plan],
        lockedBefore: [before.locked],
        lockedAfter: [after.locked],
      });
      await recordChange(m, plan.id, actor, `cell ${category} × ${cluster} × ${week}`, { plan: before.plan, locked: before.locked }, { plan: after.plan, locked: after.locked });
      return after;
    });
  }

  /** Sets (or grows) the total of the selected cells and spreads it; locked cells keep their values. */
  async spread(command: SpreadCommand): Promise<SpreadResult> {
    const { id, version, category, cluster, from, to, total, growthPercent, growthAgainst = 'current', basis = 'forecast', profile, actor } = command;
    if ((total === undefined) === (growthPercent === undefined)) {
      throw new DomainError(ErrorCodes.validationFailed, 'Give either total or growthPercent');
    }
    const outcome = await this.dataSource.transaction(async (m) => {
      // The plan's row lock serialises every change to its cells (setCell takes it too), so the
      // cells themselves need no row locks.
      await lockDraftFor(m, id, version, command);
      // Only the columns a spread needs, read straight into its shape: a plan can have 200,000 cells.
      const cells: Array<BasisCell & { locked: boolean }> = await m.query(
        `SELECT category, cluster, to_char(week, 'YYYY-MM-DD') AS week, plan::float8 AS plan, forecast, ly_units AS "lastYear", locked
         FROM planning.budget_cells
         WHERE ${SELECTION} AND week >= coalesce($4::date, '-infinity') AND week <= coalesce($5::date, 'infinity')
         ORDER BY category, cluster, week`,
        [id, category ?? null, cluster ?? null, from ?? null, to ?? null],
      );
      if (cells.length === 0) throw new DomainError(ErrorCodes.notFound, 'No cell of the plan matches this selection');
      const sum = (pick: (c: (typeof cells)[number]) => number) => cells.reduce((s, c) => s + pick(c), 0);
      const current = sum((c) => c.plan);
      const reference = { current, forecast: sum((c) => c.forecast), last_year: sum((c) => c.lastYear) }[growthAgainst];
      const target = total ?? Math.round(reference * (1 + (growthPercent ?? 0) / 100));
      const weights = spreadWeights(cells, basis, profile);
      if (typeof weights === 'string') throw new DomainError(ErrorCodes.validationFailed, weights);
      const values = spreadTotal(
        cells.map((c, i) => ({ plan: c.plan, locked: c.locked, weight: weights[i] })),
        target,
      );
      if (typeof values === 'string') throw new DomainError(ErrorCodes.validationFailed, values, { target });
      const changed = cells.flatMap((c, i) => (c.plan !== values[i] ? [i] : []));
      const column = <T>(pick: (i: number) => T) => changed.map(pick);
      const keys = { category: column((i) => cells[i].category), cluster: column((i) => cells[i].cluster), week: column((i) => cells[i].week) };
      await setWeeks(m, id, keys, [PLAN_AND_LOCK[0]], [column((i) => values[i])], true);
      await recordRowChanges(m, id, actor, 'spread', { ...keys, planBefore: column((i) => cells[i].plan), planAfter: column((i) => values[i]), locked: column((i) => cells[i].locked) });
      const selection = { category: category ?? null, cluster: cluster ?? null, from: from ?? null, to: to ?? null, basis, growthAgainst: growthPercent === undefined ? null : growthAgainst };
      await recordChange(m, id, actor, 'spread', { ...selection, total: current }, { ...selection, total: target, cellsChanged: changed.length });
      return { cellsChanged: changed.length, total: target };
    });
    return { plan: await readPlan(this.dataSource.manager, id), ...outcome };
  }

  /** Every change of one cell, oldest first: its own edits and the spreads that covered it. */
  async cellHistory({ id, category, cluster, week }: CellHistoryQuery): Promise<CellChange[]> {
    await readPlan(this.dataSource.manager, id); // 404 for an unknown plan
    const rows: Array<{ at: Date; actor: string; what: string; plan_before: string; plan_after: string; locked_before: boolean; locked_after: boolean }> =
      await this.dataSource.query(
        `SELECT at, actor, what, plan_before, plan_after, locked_before, locked_after FROM (
           SELECT id, at, actor, what, plan_before, plan_after, locked_before, locked_after FROM planning.cell_changes
           WHERE plan_id = $1 AND category = $2 AND cluster = $3 AND week = $4
           UNION ALL
           SELECT c.id, c.at, c.actor, c.what, c.plan_before[k], c.plan_after[k], c.locked[k], c.locked[k]
           FROM planning.row_changes c
           JOIN planning.budget_rows r ON r.plan_id = c.plan_id AND r.category = c.category AND r.cluster = c.cluster
           CROSS JOIN LATERAL array_position(c.elements, (($4::date - r.week_from) / 7 + 1)::int) AS k
           WHERE c.plan_id = $1 AND c.category = $2 AND c.cluster = $3 AND k IS NOT NULL
         ) changes ORDER BY at, id`,
        [id, category, cluster, week],
      );
    return rows.map((r) => ({
      at: r.at.toISOString(),
      actor: r.actor,
      what: r.what,
      before: { plan: Number(r.plan_before), locked: r.locked_before },
      after: { plan: Number(r.plan_after), locked: r.locked_after },
    }));
  }
}

/**
 * A spread's changes, one history row per budget row it changed (its weeks' element numbers and
 * values before and after), not one per cell: a spread over a whole plan writes 4,000 rows, not 208,000.
 */
async function recordRowChanges(
  m: EntityManager,
  planId: string,
  actor: string,
  what: string,
  changes: { category: string[]; cluster: string[]; week: string[]; planBefore: number[]; planAfter: number[]; locked: boolean[] },
): Promise<void> {
  if (changes.week.length === 0) return;
  await m.query(
    `INSERT INTO planning.row_changes (plan_id, actor, what, category, cluster, elements, plan_before, plan_after, locked)
     SELECT $1, $2, $3, c.category, c.cluster, array_agg((c.week - r.week_from) / 7 + 1 ORDER BY c.week), array_agg(c.before ORDER BY c.week),
       array_agg(c.after ORDER BY c.week), array_agg(c.locked ORDER BY c.week)
     FROM unnest($4::text[], $5::text[], $6::date[], $7::bigint[], $8::bigint[], $9::bool[]) AS c(category, cluster, week, before, after, locked)
     JOIN planning.budget_rows r ON r.plan_id = $1 AND r.category = c.category AND r.cluster = c.cluster
     GROUP BY c.category, c.cluster`,
    [planId, actor, what, changes.category, changes.cluster, changes.week, changes.planBefore, changes.planAfter, changes.locked],
  );
}

/** Changed cells as columns (one entry per cell), so a spread over 200,000 cells builds no object per cell. */
type CellChanges = { category: string[]; cluster: string[]; week: string[]; planBefore: number[]; planAfter: number[]; lockedBefore: boolean[]; lockedAfter: boolean[] };

/** One history row per changed cell, in the caller's transaction (one statement however many cells). */
async function recordCellChanges(m: EntityManager, planId: string, actor: string, what: string, changes: CellChanges): Promise<void> {
  if (changes.week.length === 0) return;
  await m.query(
    `INSERT INTO planning.cell_changes (plan_id, actor, what, category, cluster, week, plan_before, plan_after, locked_before, locked_after)
     SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[], $6::date[], $7::bigint[], $8::bigint[], $9::bool[], $10::bool[])`,
    [
      planId,
      actor,
      what,
      changes.category,
      changes.cluster,
      changes.week,
      changes.planBefore,
      changes.planAfter,
      changes.lockedBefore,
      changes.lockedAfter,
    ],
  );
}
