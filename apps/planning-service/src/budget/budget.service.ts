import { Injectable } from '@nestjs/common';
import { BudgetCell, ErrorCodes, GridQuery, GridView, SetCellCommand, SpreadCommand, SpreadResult } from '@tideline/contracts';
import { DomainError, updateReturning } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { lockPlan, readPlan, recordChange } from '../plans/plan-store';
import { spreadTotal } from './spread';

const CELL_COLUMNS = `category, cluster, to_char(week, 'YYYY-MM-DD') AS week, forecast, plan, locked, version`;

type CellRow = { category: string; cluster: string; week: string; forecast: number; plan: string; locked: boolean; version: number };

const toCell = (r: CellRow): BudgetCell => ({
  category: r.category,
  cluster: r.cluster,
  week: r.week,
  forecast: Math.round(r.forecast * 1000) / 1000,
  plan: Number(r.plan),
  locked: r.locked,
  version: r.version,
});

/** The budget grid of a plan: read it, change a cell, spread a total top-down. */
@Injectable()
export class BudgetService {
  constructor(private readonly dataSource: DataSource) {}

  async grid(query: GridQuery): Promise<GridView> {
    const plan = await readPlan(this.dataSource.manager, query.id);
    const rows: CellRow[] = await this.dataSource.query(
      `SELECT ${CELL_COLUMNS} FROM planning.budget_cells
       WHERE plan_id = $1 AND ($2::text IS NULL OR category = $2) AND ($3::text IS NULL OR cluster = $3)
       ORDER BY category, cluster, week`,
      [query.id, query.category ?? null, query.cluster ?? null],
    );
    const rollups: Array<{ category: string | null; cluster: string | null; plan: string; forecast: number }> = await this.dataSource.query(
      `SELECT category, cluster, sum(plan) AS plan, sum(forecast) AS forecast FROM planning.budget_cells
       WHERE plan_id = $1 AND ($2::text IS NULL OR category = $2) AND ($3::text IS NULL OR cluster = $3)
       GROUP BY GROUPING SETS ((category, cluster), (category), (cluster), ()) ORDER BY category NULLS FIRST, cluster NULLS FIRST`,
      [query.id, query.category ?? null, query.cluster ?? null],
    );
    return {
      plan,
      cells: rows.map(toCell),
      rollups: rollups.map((r) => {
        const forecast = Math.round(r.forecast * 1000) / 1000;
        return { category: r.category, cluster: r.cluster, plan: Number(r.plan), forecast, gap: Math.round((Number(r.plan) - r.forecast) * 1000) / 1000 };
      }),
    };
  }

  /** One cell, naming the cell version seen; a stale one gets 409 with the cell as it is now. */
  async setCell(command: SetCellCommand): Promise<BudgetCell> {
    const { id, category, cluster, week, version, units, locked, actor } = command;
    if (units === undefined && locked === undefined) throw new DomainError(ErrorCodes.validationFailed, 'Give units, locked or both');
    return this.dataSource.transaction(async (m) => {
      const plan = await lockPlan(m, id, null, { editable: true });
      const [cell]: CellRow[] = await m.query(
        `SELECT ${CELL_COLUMNS} FROM planning.budget_cells WHERE plan_id = $1 AND category = $2 AND cluster = $3 AND week = $4 FOR UPDATE`,
        [plan.id, category, cluster, week],
      );
      if (!cell) throw new DomainError(ErrorCodes.notFound, `The plan has no cell ${category} × ${cluster} × ${week}`, { category, cluster, week });
      if (cell.version !== version) {
        throw new DomainError(ErrorCodes.conflict, `The cell changed since version ${version}`, { current: toCell(cell) });
      }
      const [updated] = await updateReturning<CellRow>(
        m,
        `UPDATE planning.budget_cells SET plan = coalesce($5, plan), locked = coalesce($6, locked), version = version + 1
         WHERE plan_id = $1 AND category = $2 AND cluster = $3 AND week = $4 RETURNING ${CELL_COLUMNS}`,
        [plan.id, category, cluster, week, units === undefined ? null : Math.round(units), locked ?? null],
      );
      await recordChange(m, plan.id, actor, `cell ${category} × ${cluster} × ${week}`, toCell(cell), toCell(updated));
      return toCell(updated);
    });
  }

  /** Sets (or grows) the total of the selected cells and spreads it; locked cells keep their values. */
  async spread(command: SpreadCommand): Promise<SpreadResult> {
    const { id, version, category, cluster, from, to, total, growthPercent, basis = 'forecast', actor } = command;
    if ((total === undefined) === (growthPercent === undefined)) {
      throw new DomainError(ErrorCodes.validationFailed, 'Give either total or growthPercent');
    }
    const outcome = await this.dataSource.transaction(async (m) => {
      // The plan's row lock serialises every change to its cells (setCell takes it too), so the
      // cells themselves need no row locks.
      await lockPlan(m, id, version, { editable: true });
      const cells: Array<CellRow & { week: string }> = await m.query(
        `SELECT ${CELL_COLUMNS} FROM planning.budget_cells
         WHERE plan_id = $1 AND ($2::text IS NULL OR category = $2) AND ($3::text IS NULL OR cluster = $3)
           AND week >= coalesce($4::date, '-infinity') AND week <= coalesce($5::date, 'infinity')
         ORDER BY category, cluster, week`,
        [id, category ?? null, cluster ?? null, from ?? null, to ?? null],
      );
      if (cells.length === 0) throw new DomainError(ErrorCodes.notFound, 'No cell of the plan matches this selection');
      const current = cells.reduce((s, c) => s + Number(c.plan), 0);
      const target = total ?? Math.round(current * (1 + (growthPercent ?? 0) / 100));
      const values = spreadTotal(
        cells.map((c) => ({ plan: Number(c.plan), forecast: c.forecast, locked: c.locked })),
        target,
        basis,
      );
      if (typeof values === 'string') throw new DomainError(ErrorCodes.validationFailed, values, { target });
      const changed = cells.map((c, i) => ({ c, value: values[i] })).filter(({ c, value }) => Number(c.plan) !== value);
      await m.query(
        `UPDATE planning.budget_cells b SET plan = v.plan, version = b.version + 1
         FROM unnest($2::text[], $3::text[], $4::date[], $5::bigint[]) AS v(category, cluster, week, plan)
         WHERE b.plan_id = $1 AND b.category = v.category AND b.cluster = v.cluster AND b.week = v.week`,
        [id, changed.map(({ c }) => c.category), changed.map(({ c }) => c.cluster), changed.map(({ c }) => c.week), changed.map(({ value }) => value)],
      );
      const selection = { category: category ?? null, cluster: cluster ?? null, from: from ?? null, to: to ?? null, basis };
      await recordChange(m, id, actor, 'spread', { ...selection, total: current }, { ...selection, total: target, cellsChanged: changed.length });
      return { cellsChanged: changed.length, total: target };
    });
    return { plan: await readPlan(this.dataSource.manager, id), ...outcome };
  }
}
