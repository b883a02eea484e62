import { Injectable } from '@nestjs/common';
import { ErrorCodes, MarkdownEntry, MerchandiseTargetsCommand, MerchandiseTargetsView, isMonday } from '@tideline/contracts';
import { DomainError } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { lockDraftFor, readPlan, recordChange } from '../plans/plan-store';

type TargetsRow = {
  category: string;
  weeks_of_cover: number | null;
  stock_to_sales: number | null;
  markdowns: MerchandiseTargetsView['markdowns'];
  version: number;
  updated_by: string;
  updated_at: Date;
};

const invalid = (message: string, details: Record<string, unknown>) => new DomainError(ErrorCodes.validationFailed, message, details);

/** Each category's stock target and markdown budget in a plan: what open-to-buy plans end stock and markdowns from. */
@Injectable()
export class MerchandiseTargetsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(planId: string): Promise<MerchandiseTargetsView[]> {
    await readPlan(this.dataSource.manager, planId); // 404 for an unknown plan
    return readTargets(this.dataSource.manager, planId);
  }

  /** Replaces the category's targets whole, naming the version seen (0 for new ones); kept in the plan's history. */
  async set(command: MerchandiseTargetsCommand): Promise<MerchandiseTargetsView> {
    const { id, category, version, actor } = command;
    if (command.weeksOfCover !== undefined && command.stockToSales !== undefined) {
      throw invalid('Give weeksOfCover or stockToSales, not both', { field: 'stockToSales' });
    }
    await this.dataSource.transaction(async (m) => {
      const plan = await lockDraftFor(m, id, null, command);
      const markdowns = checkedMarkdowns(command.markdowns ?? [], plan.week_from, plan.week_to);
      const [known] = await m.query(`SELECT 1 FROM planning.budget_rows WHERE plan_id = $1 AND category = $2 LIMIT 1`, [id, category]);
      if (!known) throw new DomainError(ErrorCodes.notFound, `The plan has no category ${category}`, { category });
      const [current] = await readTargets(m, id, category);
      if ((current?.version ?? 0) !== version) {
        throw new DomainError(ErrorCodes.conflict, `The targets of ${category} changed since version ${version}`, {
          currentVersion: current?.version ?? 0,
          changedBy: current?.updatedBy ?? null,
        });
      }
      const after = { weeksOfCover: command.weeksOfCover ?? null, stockToSales: command.stockToSales ?? null, markdowns };
      await m.query(
        `INSERT INTO planning.merchandise_targets (plan_id, category, weeks_of_cover, stock_to_sales, markdowns, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (plan_id, category) DO UPDATE SET weeks_of_cover = $3, stock_to_sales = $4, markdowns = $5, updated_by = $6,
           updated_at = now(), version = planning.merchandise_targets.version + 1`,
        [id, category, after.weeksOfCover, after.stockToSales, JSON.stringify(markdowns), actor],
      );
      const before = current && { weeksOfCover: current.weeksOfCover, stockToSales: current.stockToSales, markdowns: current.markdowns };
      await recordChange(m, id, actor, `targets ${category}`, before ?? null, after);
    });
    const [view] = await readTargets(this.dataSource.manager, id, category);
    return view;
  }
}

/** A plan's targets, of one category when given. */
export async function readTargets(m: EntityManager, planId: string, category?: string): Promise<MerchandiseTargetsView[]> {
  const rows: TargetsRow[] = await m.query(
    `SELECT category, weeks_of_cover, stock_to_sales, markdowns, version, updated_by, updated_at FROM planning.merchandise_targets
     WHERE plan_id = $1 AND ($2::text IS NULL OR category = $2) ORDER BY category`,
    [planId, category ?? null],
  );
  return rows.map((r) => ({
    category: r.category,
    weeksOfCover: r.weeks_of_cover,
    stockToSales: r.stock_to_sales,
    markdowns: r.markdowns,
    version: r.version,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at.toISOString(),
  }));
}

/** Markdown entries as stored, in week order: each a rate or an amount, its weeks Mondays inside the plan, none overlapping another. */
function checkedMarkdowns(entries: MarkdownEntry[], planFrom: string, planTo: string): MerchandiseTargetsView['markdowns'] {
  const sorted = entries.map((e, i) => ({ ...e, at: `markdowns[${i}]` })).sort((a, b) => a.from.localeCompare(b.from));
  sorted.forEach((e, i) => {
    // null is absent, as the targets read back name it.
    if ((e.ratePercent == null) === (e.amount == null)) throw invalid(`${e.at}: give ratePercent or amount (one of them)`, { field: e.at });
    if (!isMonday(e.from) || !isMonday(e.to)) throw invalid(`${e.at}: from and to must be Mondays (the ISO date of a week)`, { field: e.at });
    if (e.from > e.to) throw invalid(`${e.at}: from (${e.from}) is after to (${e.to})`, { field: e.at });
    if (e.from < planFrom || e.to > planTo) throw invalid(`${e.at}: ${e.from}…${e.to} is outside the plan's weeks ${planFrom}…${planTo}`, { field: e.at });
    const previous = sorted[i - 1];
    if (previous && e.from <= previous.to) throw invalid(`${e.at} overlaps ${previous.at} (${previous.from}…${previous.to})`, { field: e.at });
  });
  return sorted.map((e) => ({ from: e.from, to: e.to, ratePercent: e.ratePercent ?? null, amount: e.amount ?? null }));
}
