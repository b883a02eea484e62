import { Injectable, Logger } from '@nestjs/common';
import { ComputeChunkMessage, SeriesKey, addWeeks } from '@tideline/contracts';
import { Outbox, updateReturning } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { NewCell, OverridesService } from '../overrides/overrides.service';
import { RunPlanner, RunSettings } from './run-planner.service';
import { SeriesForecastRow } from './series-forecast';
import { SeriesForecaster } from './series-forecaster';
import { OutliersService } from '../outliers/outliers.service';
import { Rollups } from '../series/rollups';

/**
 * Forecasts one chunk of a run: reads the histories from the sales service, runs the engine, and
 * stores the forecasts, the chunk's completion and the run's progress in one transaction. A chunk
 * done already (a redelivery, or a second instance) is skipped, so none is stored twice.
 */
@Injectable()
export class ChunkWorker {
  private readonly logger = new Logger(ChunkWorker.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly planner: RunPlanner,
    private readonly overrides: OverridesService,
    private readonly forecaster: SeriesForecaster,
    private readonly outliers: OutliersService,
    private readonly rollups: Rollups,
  ) {}

  async compute({ runId, seq }: ComputeChunkMessage): Promise<void> {
    const [chunk]: Array<{ keys: SeriesKey[]; as_of: string; horizon: number; settings: RunSettings }> = await this.dataSource.query(
      `SELECT c.keys, to_char(r.as_of, 'YYYY-MM-DD') AS as_of, r.horizon, r.settings FROM forecast.run_chunks c
       JOIN forecast.runs r ON r.id = c.run_id WHERE c.run_id = $1 AND c.seq = $2 AND c.done_at IS NULL AND r.status = 'running'`,
      [runId, seq],
    );
    if (!chunk) return;
    const settings = { asOf: chunk.as_of, horizon: chunk.horizon, season: chunk.settings.season, holidays: chunk.settings.holidays };
    const series = await this.forecaster.histories(chunk.keys, settings);
    const results = await this.forecaster.forecast(series, settings);
    const completed = await this.dataSource.transaction(async (m) => {
      const [open] = await m.query(`SELECT 1 FROM forecast.run_chunks WHERE run_id = $1 AND seq = $2 AND done_at IS NULL FOR UPDATE`, [runId, seq]);
      if (!open) return false;
      await this.store(m, runId, chunk.as_of, chunk.keys, results, series.map((s) => s.units.length));
      await this.outliers.record(m, runId, chunk.keys, series.map((s) => s.outliers ?? []));
      await m.query(`UPDATE forecast.run_chunks SET done_at = now() WHERE run_id = $1 AND seq = $2`, [runId, seq]);
      const [progress] = await updateReturning<{ finished: boolean }>(
        m,
        `UPDATE forecast.runs SET series_done = series_done + $2, chunks_done = chunks_done + 1 WHERE id = $1
         RETURNING chunks_done = chunks_total AS finished`,
        [runId, chunk.keys.length],
      );
      // Reads move to what this chunk stored (a completed run rebuilds the kept aggregates, which moves them too).
      // Last in the transaction: the version's row lock is held for as short a time as can be.
      if (progress.finished) await this.planner.complete(m, runId);
      else await this.rollups.touch(m);
      return progress.finished;
    });
    if (completed) {
      this.logger.log(`Run ${runId} completed`);
      void this.outbox.flush();
      // Fresh statistics after a bulk of new rows, so that aggregate reads get a good plan at once
      // rather than after autovacuum's next pass. Best effort: autovacuum catches up anyway.
      void this.dataSource.query('ANALYZE forecast.forecasts, forecast.series, forecast.run_series').catch(() => undefined);
    }
  }

  /** The snapshot rows of the chunk, and each series' pointer to its newest forecast. */
  private async store(m: EntityManager, runId: string, asOf: string, keys: SeriesKey[], results: SeriesForecastRow[], historyWeeks: number[]): Promise<void> {
    const skus = keys.map((k) => k.sku);
    const stores = keys.map((k) => k.store);
    await m.query(
      `INSERT INTO forecast.run_series (run_id, sku, store, origin, model, params, pattern, backtest_error, scale, lifecycle, history_weeks)
       SELECT $1, sku, store, $2, model, params, pattern, backtest_error, scale, lifecycle, history_weeks
       FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::float8[], $9::float8[], $10::jsonb[], $11::int[])
         AS r(sku, store, model, params, pattern, backtest_error, scale, lifecycle, history_weeks)`,
      [
        runId,
        asOf,
        skus,
        stores,
        results.map((r) => r.model),
        results.map((r) => JSON.stringify(r.params)),
        results.map((r) => r.pattern),
        results.map((r) => r.backtestError),
        results.map((r) => r.scale),
        results.map((r) => (r.lifecycle ? JSON.stringify(r.lifecycle) : null)),
        historyWeeks,
      ],
    );
    const cells: NewCell[] = [];
    const fields = ['statistical', 'naive', 'lo80', 'hi80', 'lo95', 'hi95'] as const;
    const values = fields.map(() => [] as number[]);
    const baselines: Array<number | null> = [];
    const lifts: Array<string | null> = [];
    results.forEach((r, i) => {
      r.statistical.forEach((statistical, h) => {
        cells.push({ sku: skus[i], store: stores[i], week: addWeeks(asOf, h + 1), statistical, lift: r.baseline ? statistical - r.baseline[h] : 0 });
        fields.forEach((field, f) => values[f].push(r[field][h]));
        baselines.push(r.baseline?.[h] ?? null);
        lifts.push(r.lift ? JSON.stringify(Object.fromEntries(Object.entries(r.lift).map(([name, lift]) => [name, lift[h]]))) : null);
      });
    });
    // The final forecast carries the override layers still active on these series and weeks, each by its kind.
    const carried = await this.overrides.carry(m, cells);
    await m.query(
      `INSERT INTO forecast.forecasts (run_id, sku, store, week, statistical, naive, lo80, hi80, lo95, hi95, final, override_id, baseline, lift)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::date[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[],
         $11::float8[], $12::uuid[], $13::float8[], $14::jsonb[])`,
      [runId, cells.map((c) => c.sku), cells.map((c) => c.store), cells.map((c) => c.week), ...values, carried.finals, carried.overrideIds, baselines, lifts],
    );
    // A run of an older origin that finishes late does not replace a newer forecast.
    const current: SeriesKey[] = await m.query(
      `INSERT INTO forecast.series (sku, store, run_id, as_of)
       SELECT sku, store, $1, $2 FROM unnest($3::text[], $4::text[]) AS k(sku, store)
       ON CONFLICT (sku, store) DO UPDATE SET run_id = EXCLUDED.run_id, as_of = EXCLUDED.as_of, updated_at = now()
       WHERE forecast.series.as_of <= EXCLUDED.as_of
       RETURNING sku, store`,
      [runId, asOf, skus, stores],
    );
    await this.overrides.adopt(m, carried.changes, current);
  }
}
