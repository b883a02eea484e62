import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  HolidayLocale,
  BatchIngestedEvent,
  DEFAULT_HORIZON,
  ErrorCodes,
  ForecastEvents,
  ForecastWork,
  ListRunsQuery,
  Page,
  RunCompletedEvent,
  RunScope,
  RunView,
  SalesPatterns,
  SeriesKey,
  StartRunCommand,
} from '@tideline/contracts';
import { ENGINE_VERSION, SUCCESSION_WEEKS } from '@tideline/forecast-engine';
import { DomainError, Outbox, RemoteCallError, currentManager, inTransaction, sendRpc, serviceClientToken, sqlPage, updateReturning } from '@tideline/server-kit';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccuracyTracker } from '../accuracy/accuracy-tracker.service';
import { CatalogMirror } from '../catalog/catalog-mirror';
import { selectionSql, selectorOf } from '../catalog/selection';
import { RUN_COLUMNS, RunRow, toRunView } from './run-view';
import { ForecastEnv } from '../forecast.env';
import { Rollups } from '../series/rollups';

/** Series per chunk message: small enough that an instance answers requests between chunks. */
export const CHUNK_SIZE = 100;
const KEYS_PAGE = 10_000;
const SALES_TIMEOUT_MS = 30_000;
export const SEASON = 52;

export interface RunSettings {
  season: number;
  chunkSize: number;
  /** Weeks whose actuals arrived with the upload that started this run: measured before forecasting. */
  measureWeeks?: string[];
  /** The built-in holidays taken as drivers (HOLIDAY_LOCALE when the run was queued). */
  holidays?: HolidayLocale;
}

/**
 * Starts runs (by hand, or for the whole chain when an upload arrives) and plans them: the scope
 * becomes a list of series, cut into chunks, each announced as a work message in the same transaction.
 */
@Injectable()
export class RunPlanner {
  private readonly logger = new Logger(RunPlanner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly mirror: CatalogMirror,
    private readonly accuracy: AccuracyTracker,
    @Inject(serviceClientToken('sales')) private readonly sales: ClientProxy,
    private readonly env: ForecastEnv,
    private readonly rollups: Rollups,
  ) {}

  async start(command: StartRunCommand): Promise<RunView> {
    const { horizon, requestedBy, ...scope } = command;
    const id = await inTransaction(this.dataSource, (m) =>
      this.queue(m, { trigger: 'manual', scope: selectorOf(scope), horizon: horizon ?? DEFAULT_HORIZON, requestedBy }),
    );
    return this.get(id);
  }

  /**
   * In the caller's transaction (the event's runOnce): a run of every series after an upload. Not
   * only the series the upload wrote: every run forecasts from the chain's last week of actuals, so
   * the series the upload left out (slow movers, a late store) move to the same origin instead of
   * staying on an older one, and aggregates and plans sum forecasts of one origin. The scope names
   * the upload only to say which one started the run.
   */
  async startForUpload(m: EntityManager, event: BatchIngestedEvent): Promise<string> {
    // New actuals: aggregate views show them (their history) from now on.
    await this.rollups.touch(m);
    return this.queue(m, { trigger: 'upload', scope: { uploadId: event.uploadId }, horizon: DEFAULT_HORIZON, requestedBy: null, measureWeeks: event.weeks });
  }

  private async queue(
    m: EntityManager,
    run: { trigger: RunView['trigger']; scope: RunScope; horizon: number; requestedBy: string | null; measureWeeks?: string[] },
  ): Promise<string> {
    const id = randomUUID();
    const settings: RunSettings = {
      season: SEASON,
      chunkSize: CHUNK_SIZE,
      ...(run.measureWeeks ? { measureWeeks: run.measureWeeks } : {}),
      ...(this.env.HOLIDAY_LOCALE ? { holidays: this.env.HOLIDAY_LOCALE } : {}),
    };
    await m.query(
      `INSERT INTO forecast.runs (id, trigger, scope, horizon, requested_by, engine_version, settings) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, run.trigger, JSON.stringify(run.scope), run.horizon, run.requestedBy, ENGINE_VERSION, JSON.stringify(settings)],
    );
    await this.outbox.add(m, ForecastWork.planRun, { runId: id });
    return id;
  }

  async get(id: string): Promise<RunView> {
    const [row]: RunRow[] = await currentManager(this.dataSource).query(`SELECT ${RUN_COLUMNS} FROM forecast.runs WHERE id = $1`, [id]);
    if (!row) throw new DomainError(ErrorCodes.notFound, `No forecast run ${id}`, { id });
    return toRunView(row);
  }

  async list(query: ListRunsQuery): Promise<Page<RunView>> {
    const { rows, total } = await sqlPage<RunRow>(this.dataSource, query, {
      select: RUN_COLUMNS,
      from: `forecast.runs WHERE ($1::text IS NULL OR status = $1)`,
      params: [query.status ?? null],
      sortable: { createdAt: 'created_at', status: 'status' },
      defaultSort: '-createdAt',
      defaultPageSize: 20,
    });
    return { items: rows.map(toRunView), total };
  }

  /** The work message of a queued run: find its series and hand them out in chunks. Idempotent. */
  async plan(runId: string): Promise<void> {
    const [run]: Array<{ scope: RunScope; settings: RunSettings; horizon: number; trigger: string }> = await this.dataSource.query(
      `SELECT scope, settings, horizon, trigger FROM forecast.runs WHERE id = $1 AND status = 'queued'`,
      [runId],
    );
    if (!run) return; // planned already (a redelivery), or gone
    let keys: SeriesKey[];
    let asOf: string | null;
    try {
      await this.mirror.refresh();
      if (run.settings.measureWeeks?.length) await this.accuracy.measure(run.settings.measureWeeks);
      ({ keys, asOf } = await this.seriesInScope(run.scope));
    } catch (error) {
      if (!(error instanceof RemoteCallError)) throw error; // a bug or the database: retried, then dead-lettered
      // Another service did not answer: the run fails with the reason; the analyst can start it again.
      return this.fail(runId, `Could not plan the run: ${error.message}`);
    }
    const chunks: SeriesKey[][] = [];
    for (let i = 0; i < keys.length; i += CHUNK_SIZE) chunks.push(keys.slice(i, i + CHUNK_SIZE));
    await this.dataSource.transaction(async (m) => {
      const started = await updateReturning(
        m,
        `UPDATE forecast.runs SET status = 'running', started_at = now(), as_of = $2, series_total = $3, chunks_total = $4
         WHERE id = $1 AND status = 'queued' RETURNING id`,
        [runId, asOf, keys.length, chunks.length],
      );
      if (started.length === 0) return;
      await m.query(
        `INSERT INTO forecast.run_chunks (run_id, seq, keys) SELECT $1, seq, keys FROM unnest($2::int[], $3::jsonb[]) AS c(seq, keys)`,
        [runId, chunks.map((_, i) => i + 1), chunks.map((chunk) => JSON.stringify(chunk))],
      );
      for (let seq = 1; seq <= chunks.length; seq++) await this.outbox.add(m, ForecastWork.computeChunk, { runId, seq });
      if (chunks.length === 0) await this.complete(m, runId);
    });
    void this.outbox.flush();
    this.logger.log(`Run ${runId}: ${keys.length} series in ${chunks.length} chunks, as of ${asOf}`);
  }

  /** Ends a run that cannot finish, with the reason; what its finished chunks stored stays. */
  async fail(runId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const failed = await updateReturning<{ id: string }>(
        m,
        `UPDATE forecast.runs SET status = 'failed', error = $2, completed_at = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
        [runId, reason],
      );
      // The series that its finished chunks replaced are summed from their new forecasts.
      if (failed.length > 0) await this.rollups.rebuild(m);
    });
    this.logger.warn(`Run ${runId} failed: ${reason}`);
  }

  /** Marks the run completed and announces it, in the caller's transaction. */
  async complete(m: EntityManager, runId: string): Promise<void> {
    const [run] = await updateReturning<RunRow>(
      m,
      `UPDATE forecast.runs SET status = 'completed', completed_at = now() WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
      [runId],
    );
    await this.rollups.rebuild(m);
    const event: RunCompletedEvent = { runId, trigger: run.trigger, asOf: run.as_of, horizon: run.horizon, seriesTotal: run.series_total };
    await this.outbox.add(m, ForecastEvents.runCompleted, event);
  }

  /**
   * Every series with sales (and every successor or launch to come) that the scope's filters select, in key order, and the chain's last
   * week of actuals: the origin of every series of the run (a series whose last sale is older is
   * forecast from its history padded with zero weeks up to it).
   */
  private async seriesInScope(scope: RunScope): Promise<{ keys: SeriesKey[]; asOf: string | null }> {
    const all: SeriesKey[] = [];
    let asOf: string | null = null;
    for (let after: SeriesKey | undefined; ; ) {
      const page = await sendRpc(this.sales, SalesPatterns.seriesKeys, { after, limit: KEYS_PAGE }, SALES_TIMEOUT_MS);
      asOf = page.lastWeek;
      all.push(...page.keys);
      if (page.keys.length < KEYS_PAGE) break;
      after = page.keys[page.keys.length - 1];
    }
    const { where, params } = selectionSql(selectorOf(scope), 5); // the filters; an upload's id selects nothing
    // Besides the series with sales: a successor in each store of its predecessor (which ended
    // lately or ends ahead), and a product still to launch in each store of its like-item.
    const keys: SeriesKey[] = await this.dataSource.query(
      `WITH sold AS (SELECT * FROM unnest($1::text[], $2::text[]) AS k(sku, store)),
       keys AS (
         SELECT sku, store FROM sold
         UNION SELECT p.successor_sku, sold.store FROM sold JOIN forecast.products p ON p.sku = sold.sku
           WHERE p.successor_sku IS NOT NULL AND p.discontinued_on > $3::date - $4::int * 7
         UNION SELECT p.sku, sold.store FROM sold JOIN forecast.products p ON p.like_sku = sold.sku WHERE p.like_from > $3::date
       )
       SELECT k.sku, k.store FROM keys k
       JOIN forecast.products p ON p.sku = k.sku JOIN forecast.stores st ON st.code = k.store
       WHERE ${where} ORDER BY k.sku, k.store`,
      [all.map((k) => k.sku), all.map((k) => k.store), asOf, SUCCESSION_WEEKS, ...params],
    );
    return { keys, asOf };
  }
}
