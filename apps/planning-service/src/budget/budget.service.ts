import { Injectable, Logger } from '@nestjs/common';
import { BudgetCell, CellChange, CellHistoryQuery, ErrorCodes, GridRow, MAX_GRID_CELL_OBJECTS, addWeeks, GridQuery, GridRollup, GridView, SetCellCommand, SpreadCommand, SpreadResult } from '@tideline/contracts';
import { DomainError, stepTimer } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { lockDraftFor, readPlan, recordChange } from '../plans/plan-store';
import { BasisCell, spreadTotal, spreadWeights } from './spread';
import { WeekColumn, arrayLiteral, setWeeks } from './budget-rows';

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

/** A selection too big to send as cell objects (which could also exhaust the gateway's heap) is refused before it is read. */
async function refuseHugeCellForm(ds: DataSource, params: unknown[]) {
  const [{ cells }] = await ds.query(`SELECT coalesce(sum(weeks), 0)::int AS cells FROM planning.budget_rows WHERE ${SELECTION}`, params);
  if (cells <= MAX_GRID_CELL_OBJECTS) return;
  throw new DomainError(
    ErrorCodes.validationFailed,
    `format: this selection holds ${cells.toLocaleString('en')} cells, more than the ${MAX_GRID_CELL_OBJECTS.toLocaleString('en')} sent as cell objects; ask for format=rows, or one category (?category=)`,
    { field: 'format', cells },
  );
}

/** The budget grid of a plan: read it, change a cell, spread a total top-down, read a cell's history. */
@Injectable()
export class BudgetService {
  private readonly logger = new Logger(BudgetService.name);

  constructor(private readonly dataSource: DataSource) {}

  async grid(query: GridQuery): Promise<GridView> {
    const steps = stepTimer();
    const plan = await readPlan(this.dataSource.manager, query.id);
    steps.lap('plan');
    const params = [query.id, query.category ?? null, query.cluster ?? null];
    if (query.format !== 'rows') await refuseHugeCellForm(this.dataSource, params);
    const weeks = query.format === 'rows'
      ? { cells: [], rows: rowsOf(await this.dataSource.query(`SELECT category, cluster, to_char(week_from, 'YYYY-MM-DD') AS week_from, forecast, plan, locked, version, price, unit_cost, forecast_revenue, ly_units, ly_revenue, actual_units, actual_revenue FROM planning.budget_rows WHERE ${SELECTION} ORDER BY category, cluster`, params)) }
      : { cells: ((await this.dataSource.query(`SELECT ${CELL_COLUMNS} FROM planning.budget_cells WHERE ${SELECTION} ORDER BY category, cluster, week`, params)) as CellRow[]).map(toCell) };
    steps.lap('weeks');
    const rollups: RollupRow[] = await this.dataSource.query(
      `SELECT category, cluster, sum(total_plan) AS plan, sum(total_forecast) AS forecast, sum(total_ly_units) AS ly,
         sum(total_plan_revenue) AS plan_revenue, sum(total_forecast_revenue) AS forecast_revenue, sum(total_ly_revenue) AS ly_revenue,
         CASE WHEN bool_and(total_plan_margin IS NOT NULL) THEN sum(total_plan_margin) END AS plan_margin,
         coalesce(sum(total_plan_to_date), 0) AS plan_to_date, coalesce(sum(total_actual_units), 0) AS actual_to_date
       FROM planning.budget_rows WHERE ${SELECTION}
       GROUP BY GROUPING SETS ((category, cluster), (category), (cluster), ()) ORDER BY category NULLS FIRST, cluster NULLS FIRST`,
      params,
    );
    steps.lap('roll-ups');
    const view = { plan, ...weeks, rollups: rollups.map(toRollup) };
    if (plan.cells > MAX_GRID_CELL_OBJECTS) this.logger.log(`Grid of plan ${plan.id} read (${plan.cells} cells): ${steps.laps()}`);
    return view;
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
    const steps = stepTimer();
    const outcome = await this.dataSource.transaction(async (m) => {
      // The plan's row lock serialises every change to its cells (setCell takes it too), so the
      // cells themselves need no row locks.
      await lockDraftFor(m, id, version, command);
      // The selected rows with only the arrays a spread needs: a plan can have 200,000 cells in 4,000 rows.
      const rows: BudgetRow[] = await m.query(
        `SELECT category, cluster, to_char(week_from, 'YYYY-MM-DD') AS week_from, plan, forecast, ly_units, locked, version
         FROM planning.budget_rows WHERE ${SELECTION} ORDER BY category, cluster`,
        [id, category ?? null, cluster ?? null],
      );
      steps.lap('read');
      const cells = cellsOf(rows, from, to);
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
      steps.lap('spread');
      const changed = await writeSpread(m, id, actor, rows, cells, values);
      steps.lap('written');
      const selection = { category: category ?? null, cluster: cluster ?? null, from: from ?? null, to: to ?? null, basis, growthAgainst: growthPercent === undefined ? null : growthAgainst };
      await recordChange(m, id, actor, 'spread', { ...selection, total: current }, { ...selection, total: target, cellsChanged: changed });
      return { cellsChanged: changed, total: target };
    });
    steps.lap('committed');
    const plan = await readPlan(this.dataSource.manager, id);
    steps.lap('plan read');
    this.logger.log(`Spread over plan ${id} (${outcome.cellsChanged} cells changed): ${steps.laps()}`);
    return { plan, ...outcome };
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

/** A stored budget row with every array of its weeks (bigint arrays arrive as strings). */
type StoredRow = Omit<CellRow, 'week'> & { [K in keyof Omit<CellRow, 'category' | 'cluster' | 'week'>]: Array<CellRow[K]> } & { week_from: string };

/**
 * Rows of weeks (GridView's compact form) straight from the stored rows: each week's figures made
 * as a cell's are (toCell) and kept only as the row's arrays, so no cell object outlives its week.
 */
function rowsOf(stored: StoredRow[]): GridRow[] {
  const weekAt = weekNamer();
  return stored.map((r) => {
    const cells = r.plan.map((plan, i) =>
      toCell({
        category: r.category,
        cluster: r.cluster,
        week: weekAt(r.week_from, i),
        forecast: r.forecast[i],
        plan,
        locked: r.locked[i],
        version: r.version[i],
        price: r.price[i],
        unit_cost: r.unit_cost[i],
        forecast_revenue: r.forecast_revenue[i],
        ly_units: r.ly_units[i],
        ly_revenue: r.ly_revenue[i],
        actual_units: r.actual_units[i],
        actual_revenue: r.actual_revenue[i],
      }),
    );
    const column = <K extends keyof BudgetCell>(field: K) => cells.map((cell) => cell[field]);
    return {
      category: r.category,
      cluster: r.cluster,
      week: column('week'),
      forecast: column('forecast'),
      plan: column('plan'),
      locked: column('locked'),
      version: column('version'),
      price: column('price'),
      planRevenue: column('planRevenue'),
      forecastRevenue: column('forecastRevenue'),
      unitCost: column('unitCost'),
      planMargin: column('planMargin'),
      lastYear: column('lastYear'),
      lastYearRevenue: column('lastYearRevenue'),
      actual: column('actual'),
      actualRevenue: column('actualRevenue'),
      remaining: column('remaining'),
    };
  });
}

/** The name of week `element` of rows starting at `weekFrom`: rows share their first week, so each name is worked out once, not once per cell. */
function weekNamer() {
  const names = new Map<string, string[]>();
  return (weekFrom: string, element: number) => {
    let weeks = names.get(weekFrom);
    if (!weeks) names.set(weekFrom, (weeks = []));
    return (weeks[element] ??= addWeeks(weekFrom, element));
  };
}

/** A budget row as a spread reads it (bigint and int arrays arrive as strings). */
interface BudgetRow {
  category: string;
  cluster: string;
  week_from: string;
  plan: string[];
  forecast: number[];
  ly_units: number[];
  locked: boolean[];
  version: number[];
}

/** The rows' cells between `from` and `to` (absent: all), with where each sits (row and element). */
function cellsOf(rows: BudgetRow[], from: string | undefined, to: string | undefined) {
  const cells: Array<BasisCell & { locked: boolean; row: number; element: number }> = [];
  const weekAt = weekNamer();
  rows.forEach((r, row) => {
    for (let element = 0; element < r.plan.length; element++) {
      const week = weekAt(r.week_from, element);
      if ((from && week < from) || (to && week > to)) continue;
      cells.push({ category: r.category, cluster: r.cluster, week, plan: Number(r.plan[element]), forecast: r.forecast[element], lastYear: r.ly_units[element], locked: r.locked[element], row, element });
    }
  });
  return cells;
}

/**
 * Writes a spread's new values: the rows it changed, each once with its new plan and versions, and
 * one history row per changed budget row (the weeks' element numbers, values before and after), not
 * one per cell. Returns how many cells changed.
 */
async function writeSpread(m: EntityManager, planId: string, actor: string, rows: BudgetRow[], cells: ReturnType<typeof cellsOf>, values: number[]): Promise<number> {
  const touched = new Map<number, { elements: number[]; before: number[]; after: number[]; locked: boolean[] }>();
  cells.forEach((c, i) => {
    if (c.plan === values[i]) return;
    const change = touched.get(c.row) ?? { elements: [], before: [], after: [], locked: [] };
    change.elements.push(c.element + 1);
    change.before.push(c.plan);
    change.after.push(values[i]);
    change.locked.push(c.locked);
    touched.set(c.row, change);
  });
  if (touched.size === 0) return 0;
  const changes = [...touched];
  const plans = changes.map(([row, change]) => {
    const plan = rows[row].plan.map(Number);
    const version = [...rows[row].version];
    change.elements.forEach((element, k) => {
      plan[element - 1] = change.after[k];
      version[element - 1] += 1;
    });
    return { plan: arrayLiteral(plan), version: arrayLiteral(version) };
  });
  const of = <T>(pick: (row: BudgetRow, change: (typeof changes)[number][1]) => T) => changes.map(([row, change]) => pick(rows[row], change));
  await m.query(
    `UPDATE planning.budget_rows r SET plan = v.plan::bigint[], version = v.version::int[]
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS v(category, cluster, plan, version)
     WHERE r.plan_id = $1 AND r.category = v.category AND r.cluster = v.cluster`,
    [planId, of((r) => r.category), of((r) => r.cluster), plans.map((p) => p.plan), plans.map((p) => p.version)],
  );
  await m.query(
    `INSERT INTO planning.row_changes (plan_id, actor, what, category, cluster, elements, plan_before, plan_after, locked)
     SELECT $1, $2, 'spread', category, cluster, elements::int[], before::bigint[], after::bigint[], locked::boolean[]
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS c(category, cluster, elements, before, after, locked)`,
    [
      planId,
      actor,
      of((r) => r.category),
      of((r) => r.cluster),
      of((_, c) => arrayLiteral(c.elements)),
      of((_, c) => arrayLiteral(c.before)),
      of((_, c) => arrayLiteral(c.after)),
      of((_, c) => arrayLiteral(c.locked)),
    ],
  );
  return changes.reduce((n, [, change]) => n + change.elements.length, 0);
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
