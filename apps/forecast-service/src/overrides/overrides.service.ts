import { Injectable } from '@nestjs/common';
import {
  CreateOverrideCommand,
  ErrorCodes,
  ListOverridesQuery,
  OverrideView,
  Page,
  RevertOverrideCommand,
  Roles,
  SeriesKey,
  SeriesSelector,
  isMonday,
} from '@tideline/contracts';
import { DomainError, currentManager, inTransaction, sqlPage } from '@tideline/server-kit';
import { randomUUID } from 'node:crypto';
import { EntityManager, DataSource } from 'typeorm';
import { SERIES_WITH_ATTRIBUTES, selectionSql, selectorOf } from '../catalog/selection';
import { Cell, LayerRule, carryLayers, spreadOverride } from './spread';
import { Rollups, overrideCells } from '../series/rollups';

const OVERRIDE_COLUMNS = `id, target, to_char(week_from, 'YYYY-MM-DD') AS week_from, to_char(week_to, 'YYYY-MM-DD') AS week_to,
  kind, amount, applies_to, reason, comment, created_by, created_at, reverted_by, reverted_at, cells, total_before, total_after`;

interface OverrideRow {
  id: string;
  target: SeriesSelector;
  week_from: string;
  week_to: string;
  kind: OverrideView['kind'];
  amount: number;
  applies_to: OverrideView['appliesTo'];
  reason: OverrideView['reason'];
  comment: string | null;
  created_by: string;
  created_at: Date;
  reverted_by: string | null;
  reverted_at: Date | null;
  cells: number;
  total_before: number;
  total_after: number;
}

const toView = (r: OverrideRow): OverrideView => ({
  id: r.id,
  target: r.target,
  from: r.week_from,
  to: r.week_to,
  kind: r.kind,
  amount: r.amount,
  appliesTo: r.applies_to,
  reason: r.reason,
  comment: r.comment,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  revertedBy: r.reverted_by,
  revertedAt: r.reverted_at?.toISOString() ?? null,
  cells: r.cells,
  before: Math.round(r.total_before * 1000) / 1000,
  after: Math.round(r.total_after * 1000) / 1000,
});

/** A forecast cell of a run being stored. */
export interface NewCell {
  sku: string;
  store: string;
  week: string;
  statistical: number;
  /** statistical − baseline: what a layer on the lift changes. */
  lift: number;
}

/** An active layer on a cell of a run being stored, and its change on that run's forecast. */
interface LayerChange extends LayerRule {
  id: string;
  sku: string;
  store: string;
  week: string;
  delta: number;
}

/**
 * Override layers on the current forecasts. Each layer stores, per series and week, its share of
 * the layer's target (an aggregate change spread to the series in proportion to their final
 * forecast) and its change on the series' current forecast; the final forecast is the statistical
 * one plus every active layer's change, floored at zero, and reverting a layer removes exactly its
 * change. A later run's forecast of the same weeks gets the active layers again, in order and by
 * kind (carry). Layers are written one at a time (an advisory lock), so each one's "before" is
 * what the analyst saw, including the layers before it.
 */
@Injectable()
export class OverridesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rollups: Rollups,
  ) {}

  async create(command: CreateOverrideCommand): Promise<OverrideView> {
    const { from, to, kind, amount, reason, comment, actor, appliesTo = 'total' } = command;
    if (!isMonday(from) || !isMonday(to)) throw invalid('from and to must be Mondays (the ISO date of a week)', { from, to });
    if (to < from) throw invalid('to must not be before from', { from, to });
    if (kind === 'value' && amount < 0) throw invalid('amount must not be negative for a value override', { amount });
    if (kind === 'percent' && amount < -100) throw invalid('amount must not be below -100 for a percent override', { amount });
    const target = selectorOf(command);
    const { where, params } = selectionSql(target, 3);
    const id = randomUUID();
    await inTransaction(this.dataSource, async (m) => {
      await lockOverrides(m);
      const cells: Cell[] = await m.query(
        `SELECT s.sku, s.store, to_char(f.week, 'YYYY-MM-DD') AS week, f.statistical, f.final, f.statistical - coalesce(f.baseline, f.statistical) AS lift
         FROM ${SERIES_WITH_ATTRIBUTES} JOIN forecast.forecasts f ON f.run_id = s.run_id AND f.sku = s.sku AND f.store = s.store
         WHERE f.week BETWEEN $1 AND $2 AND ${where} ORDER BY f.week, s.sku, s.store`,
        [from, to, ...params],
      );
      if (cells.length === 0) throw new DomainError(ErrorCodes.notFound, `No forecast of this selection between ${from} and ${to}`, { target, from, to });
      const spread = spreadOverride(cells, kind, amount, appliesTo);
      if (typeof spread === 'string') throw invalid(spread, { amount });
      // created_at is taken under the lock (not the transaction's start), so it orders the layers as they were applied.
      await m.query(
        `INSERT INTO forecast.overrides (id, target, week_from, week_to, kind, amount, reason, comment, created_by, cells, total_before, total_after, applies_to, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, clock_timestamp())`,
        [id, JSON.stringify(target), from, to, kind, amount, reason, comment ?? null, actor, cells.length, spread.before, spread.after, appliesTo],
      );
      await m.query(
        `INSERT INTO forecast.override_cells (override_id, sku, store, week, delta, share)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::date[], $5::float8[], $6::float8[])`,
        [id, cells.map((c) => c.sku), cells.map((c) => c.store), cells.map((c) => c.week), spread.deltas, spread.shares],
      );
      await this.rollups.change(m, overrideCells(id), () => refreshFinal(m, id));
    });
    return this.get(id);
  }

  async revert({ id, actor, roles }: RevertOverrideCommand): Promise<OverrideView> {
    await inTransaction(this.dataSource, async (m) => {
      await lockOverrides(m);
      const [row] = await m.query(`SELECT reverted_at, created_by FROM forecast.overrides WHERE id = $1`, [id]);
      if (!row) throw new DomainError(ErrorCodes.notFound, `No override ${id}`, { id });
      if (row.created_by !== actor && !roles.includes(Roles.admin)) {
        throw new DomainError(ErrorCodes.forbidden, `Only its author (${row.created_by}) or an admin can revert override ${id}`, { createdBy: row.created_by });
      }
      if (row.reverted_at) throw new DomainError(ErrorCodes.conflict, `Override ${id} was reverted already`, { id });
      await m.query(`UPDATE forecast.overrides SET reverted_at = now(), reverted_by = $2 WHERE id = $1`, [id, actor]);
      await this.rollups.change(m, overrideCells(id), () => refreshFinal(m, id));
    });
    return this.get(id);
  }

  async get(id: string): Promise<OverrideView> {
    const [row]: OverrideRow[] = await currentManager(this.dataSource).query(`SELECT ${OVERRIDE_COLUMNS} FROM forecast.overrides WHERE id = $1`, [id]);
    if (!row) throw new DomainError(ErrorCodes.notFound, `No override ${id}`, { id });
    return toView(row);
  }

  /** The layers that touched any series of the selection, newest first. */
  async list(query: ListOverridesQuery): Promise<Page<OverrideView>> {
    const { where, params } = selectionSql(selectorOf(query), 1);
    const { rows, total } = await sqlPage<OverrideRow>(this.dataSource, query, {
      select: OVERRIDE_COLUMNS,
      from: `forecast.overrides o
       WHERE EXISTS (SELECT 1 FROM forecast.override_cells oc
         JOIN forecast.products p ON p.sku = oc.sku JOIN forecast.stores st ON st.code = oc.store
         WHERE oc.override_id = o.id AND ${where})`,
      params,
      sortable: { createdAt: 'created_at' },
      defaultSort: '-createdAt',
    });
    return { items: rows.map(toView), total };
  }

  /**
   * In the transaction storing a run's forecasts: each new cell's final forecast with the active
   * layers on it re-applied in order and by kind, the newest of them (whose analyst accuracy
   * credits), and each layer's change. Holds the layers still (a shared lock: runs do not wait for
   * each other) until the transaction ends, so no layer is made or reverted in between.
   */
  async carry(m: EntityManager, cells: readonly NewCell[]): Promise<{ finals: number[]; overrideIds: Array<string | null>; changes: LayerChange[] }> {
    await lockOverrides(m, 'shared');
    const keys = [...new Map(cells.map((c) => [seriesId(c), { sku: c.sku, store: c.store }])).values()];
    const weeks = cells.map((c) => c.week).sort();
    const layers: Array<Omit<LayerChange, 'delta'>> = cells.length
      ? await m.query(
          `SELECT o.id, oc.sku, oc.store, to_char(oc.week, 'YYYY-MM-DD') AS week, o.kind, o.amount, oc.share, o.applies_to AS "appliesTo"
           FROM unnest($1::text[], $2::text[]) AS k(sku, store)
           JOIN forecast.override_cells oc ON oc.sku = k.sku AND oc.store = k.store AND oc.week BETWEEN $3 AND $4
           JOIN forecast.overrides o ON o.id = oc.override_id AND o.reverted_at IS NULL
           ORDER BY o.created_at, o.id`,
          [keys.map((k) => k.sku), keys.map((k) => k.store), weeks[0], weeks[weeks.length - 1]],
        )
      : [];
    const onCell = new Map<string, Array<Omit<LayerChange, 'delta'>>>();
    for (const layer of layers) {
      const list = onCell.get(cellId(layer));
      if (list) list.push(layer);
      else onCell.set(cellId(layer), [layer]);
    }
    const finals: number[] = [];
    const overrideIds: Array<string | null> = [];
    const changes: LayerChange[] = [];
    for (const cell of cells) {
      const on = onCell.get(cellId(cell)) ?? [];
      const { deltas, final } = carryLayers(cell.statistical, on, cell.lift);
      finals.push(final);
      overrideIds.push(on.length ? on[on.length - 1].id : null);
      on.forEach((layer, i) => changes.push({ ...layer, delta: deltas[i] }));
    }
    return { finals, overrideIds, changes };
  }

  /**
   * After carry, for the series whose current forecast the run became: each layer's change is now
   * its change on that forecast, so a revert removes it and a new layer starts from it.
   */
  async adopt(m: EntityManager, changes: readonly LayerChange[], current: readonly SeriesKey[]): Promise<void> {
    const ids = new Set(current.map(seriesId));
    const adopted = changes.filter((c) => ids.has(seriesId(c)));
    if (adopted.length === 0) return;
    await m.query(
      `UPDATE forecast.override_cells oc SET delta = c.delta
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::float8[]) AS c(id, sku, store, week, delta)
       WHERE oc.override_id = c.id AND oc.sku = c.sku AND oc.store = c.store AND oc.week = c.week`,
      [adopted.map((c) => c.id), adopted.map((c) => c.sku), adopted.map((c) => c.store), adopted.map((c) => c.week), adopted.map((c) => c.delta)],
    );
  }
}

const seriesId = (k: SeriesKey) => `${k.sku}\u0000${k.store}`;
const cellId = (c: { sku: string; store: string; week: string }) => `${c.sku}\u0000${c.store}\u0000${c.week}`;

const invalid = (message: string, details: Record<string, unknown>) => new DomainError(ErrorCodes.validationFailed, message, details);

/**
 * One override change at a time (exclusive): each layer's "before" includes every layer before it.
 * Runs storing forecasts take it shared, so a layer is never made or reverted while a run carries it.
 */
const lockOverrides = (m: EntityManager, mode: 'exclusive' | 'shared' = 'exclusive') =>
  m.query(`SELECT pg_advisory_xact_lock${mode === 'shared' ? '_shared' : ''}(hashtext('forecast.overrides'))`);

/**
 * Recomputes the current final forecast of the cells a layer touches (statistical + active layers'
 * changes, at least 0) and the newest active layer on each. A run's forecast that a newer one
 * replaced is left as it was: its final and its layer are what accuracy measures.
 */
function refreshFinal(m: EntityManager, overrideId: string) {
  return m.query(
    `UPDATE forecast.forecasts f SET (final, override_id) = (
       SELECT greatest(0, f.statistical + coalesce(sum(oc2.delta), 0)), (array_agg(o2.id ORDER BY o2.created_at DESC, o2.id DESC))[1]
       FROM forecast.override_cells oc2
       JOIN forecast.overrides o2 ON o2.id = oc2.override_id AND o2.reverted_at IS NULL
       WHERE oc2.sku = f.sku AND oc2.store = f.store AND oc2.week = f.week)
     FROM forecast.override_cells oc JOIN forecast.series s ON s.sku = oc.sku AND s.store = oc.store
     WHERE oc.override_id = $1 AND f.run_id = s.run_id AND f.sku = oc.sku AND f.store = oc.store AND f.week = oc.week`,
    [overrideId],
  );
}
