import { Injectable } from '@nestjs/common';
import {
  ErrorCodes,
  ListOutliersQuery,
  OutlierDecisionCommand,
  OutlierView,
  OutlierWorklistItem,
  Page,
  PageQuery,
  SeriesKey,
} from '@tideline/contracts';
import { DomainError, sqlPage, updateReturning } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { FoundOutlier, OutlierDecision } from './outlier-correction';
import { Rollups } from '../series/rollups';

const COLUMNS = `sku, store, to_char(week, 'YYYY-MM-DD') AS week, units, expected, status, decided_by AS "decidedBy",
  to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "decidedAt"`;
const keyOf = (k: SeriesKey) => `${k.sku}|${k.store}`;

/** The outlier weeks runs find, and the analysts' decisions on them, which later runs follow. */
@Injectable()
export class OutliersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rollups: Rollups,
  ) {}

  /** The decided weeks of some series (what a run must follow), by series. */
  async decisions(keys: SeriesKey[]): Promise<Map<string, OutlierDecision[]>> {
    const rows: Array<SeriesKey & OutlierDecision> = await this.dataSource.query(
      `SELECT o.sku, o.store, to_char(o.week, 'YYYY-MM-DD') AS week, o.status, o.expected
       FROM forecast.outliers o JOIN unnest($1::text[], $2::text[]) AS k(sku, store) ON k.sku = o.sku AND k.store = o.store
       WHERE o.status <> 'proposed'`,
      [keys.map((k) => k.sku), keys.map((k) => k.store)],
    );
    const bySeries = new Map<string, OutlierDecision[]>();
    for (const row of rows) bySeries.set(keyOf(row), [...(bySeries.get(keyOf(row)) ?? []), row]);
    return bySeries;
  }

  /**
   * In a chunk's transaction: what its run found. New weeks are proposed; a decided week keeps its
   * decision (its values are refreshed); a proposed week this run no longer finds is dropped.
   */
  async record(m: EntityManager, runId: string, keys: SeriesKey[], found: FoundOutlier[][]): Promise<void> {
    const rows = keys.flatMap((k, i) => found[i].map((o) => ({ ...k, ...o })));
    await m.query(
      `DELETE FROM forecast.outliers o USING unnest($1::text[], $2::text[]) AS k(sku, store)
       WHERE o.sku = k.sku AND o.store = k.store AND o.status = 'proposed'
         AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[], $5::date[]) AS f(sku, store, week) WHERE f.sku = o.sku AND f.store = o.store AND f.week = o.week)`,
      [keys.map((k) => k.sku), keys.map((k) => k.store), rows.map((r) => r.sku), rows.map((r) => r.store), rows.map((r) => r.week)],
    );
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO forecast.outliers (sku, store, week, units, expected, detected_run)
       SELECT sku, store, week, units, expected, $6 FROM unnest($1::text[], $2::text[], $3::date[], $4::float8[], $5::float8[]) AS f(sku, store, week, units, expected)
       ON CONFLICT (sku, store, week) DO UPDATE SET units = EXCLUDED.units, expected = EXCLUDED.expected, detected_run = EXCLUDED.detected_run`,
      [rows.map((r) => r.sku), rows.map((r) => r.store), rows.map((r) => r.week), rows.map((r) => r.units), rows.map((r) => r.expected), runId],
    );
  }

  async list(query: ListOutliersQuery): Promise<Page<OutlierView>> {
    const { rows, total } = await sqlPage<OutlierView>(this.dataSource, query, {
      select: COLUMNS,
      from: `forecast.outliers WHERE ($1::text IS NULL OR sku = $1) AND ($2::text IS NULL OR store = $2) AND ($3::text IS NULL OR status = $3)`,
      params: [query.sku ?? null, query.store ?? null, query.status ?? null],
      sortable: { week: 'week', sku: 'sku', status: 'status' },
      defaultSort: 'sku',
    });
    return { items: rows, total };
  }

  /** Series by their corrected weeks (proposed or accepted), most first. */
  async worklist(query: PageQuery): Promise<Page<OutlierWorklistItem>> {
    const { rows, total } = await sqlPage<OutlierWorklistItem>(this.dataSource, query, {
      select: `w.sku, coalesce(p.name, w.sku) AS name, w.store, w.corrected, w.proposed`,
      from: `(SELECT sku, store, count(*)::int AS corrected, count(*) FILTER (WHERE status = 'proposed')::int AS proposed
              FROM forecast.outliers WHERE status <> 'rejected' GROUP BY sku, store) w
             LEFT JOIN forecast.products p ON p.sku = w.sku`,
      sortable: { corrected: 'w.corrected', proposed: 'w.proposed' },
      defaultSort: '-corrected',
    });
    return { items: rows, total };
  }

  async decide(command: OutlierDecisionCommand, m: EntityManager): Promise<OutlierView> {
    const [row] = await updateReturning<OutlierView>(
      m,
      `UPDATE forecast.outliers SET status = $4, decided_by = CASE WHEN $4 = 'proposed' THEN NULL ELSE $5 END,
         decided_at = CASE WHEN $4 = 'proposed' THEN NULL ELSE now() END
       WHERE sku = $1 AND store = $2 AND week = $3 RETURNING ${COLUMNS}`,
      [command.sku, command.store, command.week, command.status, command.actor],
    );
    if (!row) {
      throw new DomainError(ErrorCodes.notFound, `No outlier found for ${command.sku} in ${command.store} in the week of ${command.week}`, {
        sku: command.sku,
        store: command.store,
        week: command.week,
      });
    }
    await this.rollups.touch(m); // the series' read shows the decision
    return row;
  }
}
