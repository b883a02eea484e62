import { AuditEntry, ErrorCodes, LastYearAlignment, PlanView, Roles } from '@tideline/contracts';
import { DomainError } from '@tideline/server-kit';
import { EntityManager } from 'typeorm';

export interface PlanRow {
  id: string;
  name: string;
  owner: string;
  approver: string | null;
  editors: string[];
  week_from: string;
  week_to: string;
  department: string | null;
  status: PlanView['status'];
  comment: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  baseline_at: Date;
  family_id: string;
  revision: number;
  scenario: string | null;
  branched_from: string | null;
  last_year: LastYearAlignment;
}

const PLAN_COLUMNS = `p.id, p.name, p.owner, p.approver, p.editors, to_char(p.week_from, 'YYYY-MM-DD') AS week_from,
  to_char(p.week_to, 'YYYY-MM-DD') AS week_to, p.department, p.status, p.comment, p.version, p.created_at, p.updated_at, p.baseline_at,
  p.family_id, p.revision, p.scenario, p.branched_from, p.last_year`;

type PlanWithTotals = PlanRow & { cells: number; plan_units: string | null; forecast_units: number | null; plan_revenue: number | null; ly_units: number | null; newer: boolean };

/** Plans with their totals (from the budget rows' kept totals), in the order of `ids` (unknown ids are left out), in one query. */
export async function readPlans(m: EntityManager, ids: readonly string[]): Promise<PlanView[]> {
  const rows: PlanWithTotals[] = await m.query(
    `SELECT ${PLAN_COLUMNS}, coalesce(sum(r.weeks), 0)::int AS cells, sum(r.total_plan) AS plan_units, sum(r.total_forecast) AS forecast_units,
       sum(r.total_plan_revenue) AS plan_revenue, sum(r.total_ly_units) AS ly_units,
       EXISTS (SELECT 1 FROM planning.forecast_runs f WHERE f.completed_at > p.baseline_at) AS newer
     FROM planning.plans p LEFT JOIN planning.budget_rows r ON r.plan_id = p.id WHERE p.id = ANY($1) GROUP BY p.id`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, toView(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A plan with its totals. */
export async function readPlan(m: EntityManager, id: string): Promise<PlanView> {
  const [plan] = await readPlans(m, [id]);
  if (!plan) throw new DomainError(ErrorCodes.notFound, `No plan ${id}`, { id });
  return plan;
}

function toView(row: PlanWithTotals): PlanView {
  return {
    id: row.id,
    name: row.name,
    lastYear: row.last_year,
    owner: row.owner,
    approver: row.approver,
    editors: row.editors,
    from: row.week_from,
    to: row.week_to,
    department: row.department,
    status: row.status,
    comment: row.comment,
    version: row.version,
    familyId: row.family_id,
    revision: row.revision,
    scenario: row.scenario,
    branchedFrom: row.branched_from,
    cells: row.cells,
    planUnits: Number(row.plan_units ?? 0),
    forecastUnits: Math.round(Number(row.forecast_units ?? 0) * 1000) / 1000,
    planRevenue: Math.round(Number(row.plan_revenue ?? 0) * 100) / 100,
    lastYearUnits: Math.round(Number(row.ly_units ?? 0) * 1000) / 1000,
    newerForecast: row.newer,
    baselineAt: row.baseline_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Locks a plan for a change that names `version` (null: a change that names the version of a cell
 * instead). A stale version is refused with 409 and what changed since (who, when, the current
 * version), never overwritten.
 */
export const PLAN_SELECT = `SELECT ${PLAN_COLUMNS} FROM planning.plans p`;

/** Who asks for a change: their email and roles, as the gateway signed them. */
export interface Changer {
  actor: string;
  roles: readonly string[];
}

/** The owner, the editors the owner named, and admins may change a plan. */
export const mayChange = (plan: Pick<PlanRow, 'owner' | 'editors'>, { actor, roles }: Changer) =>
  actor === plan.owner || plan.editors.includes(actor) || roles.includes(Roles.admin);

/**
 * As below, for a change to a draft's content by `changer`: refused with 403, before anything
 * else is told, unless they may change it (the named approver may not: approving what one wrote
 * is no review).
 */
export const lockDraftFor = (m: EntityManager, id: string, version: number | null, changer: Changer): Promise<PlanRow> =>
  lockPlan(m, id, version, { editable: true, changer });

/** Audit entries that are not changes of content. */
const TRANSITION_ENTRIES = ['submit', 'approve', 'reject', 'reopen'];

/** True when `actor` changed the plan's content (or created it) since its last approval. */
export async function changedSinceApproval(m: EntityManager, id: string, actor: string): Promise<boolean> {
  const [row] = await m.query(
    `SELECT 1 FROM planning.audit a
     WHERE a.plan_id = $1 AND a.actor = $2 AND a.what <> ALL($3::text[])
       AND a.id > coalesce((SELECT max(id) FROM planning.audit WHERE plan_id = $1 AND what = 'approve'), 0)
     LIMIT 1`,
    [id, actor, TRANSITION_ENTRIES],
  );
  return Boolean(row);
}

export async function lockPlan(
  m: EntityManager,
  id: string,
  version: number | null,
  { editable = false, changer }: { editable?: boolean; changer?: Changer } = {},
): Promise<PlanRow> {
  const [row]: PlanRow[] = await m.query(`SELECT ${PLAN_COLUMNS} FROM planning.plans p WHERE p.id = $1 FOR UPDATE`, [id]);
  if (!row) throw new DomainError(ErrorCodes.notFound, `No plan ${id}`, { id });
  if (changer && !mayChange(row, changer)) {
    throw new DomainError(ErrorCodes.forbidden, `Only the plan's owner (${row.owner}), the editors they named or an admin can change it`, { owner: row.owner });
  }
  if (version !== null && row.version !== version) {
    const [last] = await m.query(`SELECT actor, at, what FROM planning.audit WHERE plan_id = $1 ORDER BY id DESC LIMIT 1`, [id]);
    throw new DomainError(ErrorCodes.conflict, `The plan changed since version ${version}: it is at version ${row.version}`, {
      currentVersion: row.version,
      changedBy: last?.actor ?? null,
      changedAt: last?.at ?? null,
      change: last?.what ?? null,
    });
  }
  if (editable && row.status !== 'draft') {
    throw new DomainError(ErrorCodes.conflict, `The plan is ${row.status}: only a draft can change (reopen it first)`, { status: row.status });
  }
  return row;
}

/** Records a change and moves the plan to its next version, in the caller's transaction. */
export async function recordChange(m: EntityManager, planId: string, actor: string, what: string, before: unknown, after: unknown): Promise<void> {
  await m.query(`INSERT INTO planning.audit (plan_id, actor, what, before, after) VALUES ($1, $2, $3, $4, $5)`, [
    planId,
    actor,
    what,
    JSON.stringify(before ?? null),
    JSON.stringify(after ?? null),
  ]);
  await m.query(`UPDATE planning.plans SET version = version + 1, updated_at = now() WHERE id = $1`, [planId]);
}

/** A plan's audit trail, oldest first; only the entries whose `what` is LIKE `whatLike` when given. 404 for an unknown plan. */
export async function readHistory(m: EntityManager, planId: string, whatLike?: string): Promise<AuditEntry[]> {
  await readPlan(m, planId);
  const rows: Array<{ at: Date; actor: string; what: string; before: unknown; after: unknown }> = await m.query(
    `SELECT at, actor, what, before, after FROM planning.audit WHERE plan_id = $1 AND ($2::text IS NULL OR what LIKE $2) ORDER BY id`,
    [planId, whatLike ?? null],
  );
  return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, what: r.what, before: r.before, after: r.after }));
}
