import { Injectable } from '@nestjs/common';
import { ErrorCodes, HistorySeries, MAX_HORIZON, PlannedPromotion, SeriesKey, WhatIfBody, WhatIfView, addWeeks, driverColumn, driversProblem, periodProblem } from '@tideline/contracts';
import { DomainError } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { ForecastEnv } from '../forecast.env';
import { SEASON } from '../runs/run-planner.service';
import { SeriesForecastRow } from '../runs/series-forecast';
import { SeriesForecaster } from '../runs/series-forecaster';

const WEEK_MS = 7 * 86_400_000;
const round = (v: number) => Math.round(v * 1000) / 1000;

/** Puts a planned promotion into the planned weeks of each series (the weeks after `asOf`). */
export function overlay(series: HistorySeries[], plan: PlannedPromotion, asOf: string): void {
  for (const found of series) {
    const planned = found.planned;
    if (!planned) continue;
    planned.price.forEach((_, i) => {
      const week = addWeeks(asOf, i + 1);
      if (week < plan.from || week > plan.to) return;
      if (plan.price !== undefined) planned.price[i] = plan.price;
      if (plan.promo !== undefined) planned.promo[i] = plan.promo ? 1 : 0;
      for (const [name, value] of Object.entries(plan.drivers ?? {})) driverColumn(planned.drivers, name, planned.price.length)[i] = value;
    });
  }
}

/**
 * What-if: the forecast of a SKU in some stores with and without a planned promotion, from the same
 * histories, plans, events and pooled coefficients a run would use. Nothing is saved.
 */
@Injectable()
export class WhatIfService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly forecaster: SeriesForecaster,
    private readonly env: ForecastEnv,
  ) {}

  async run(body: WhatIfBody): Promise<WhatIfView> {
    const invalid = (message: string, field: string) => new DomainError(ErrorCodes.validationFailed, message, { field });
    const period = periodProblem(body.from, body.to);
    if (period) throw invalid(period.message, period.field);
    const problem = driversProblem(body.drivers);
    if (problem) throw invalid(problem, 'drivers');

    const rows: Array<{ store: string; as_of: string; horizon: number }> = await this.dataSource.query(
      `SELECT s.store, to_char(s.as_of, 'YYYY-MM-DD') AS as_of, r.horizon FROM forecast.series s JOIN forecast.runs r ON r.id = s.run_id
       WHERE s.sku = $1 AND ($2::text[] IS NULL OR s.store = ANY($2)) ORDER BY s.store`,
      [body.sku, body.stores ?? null],
    );
    if (rows.length === 0) throw new DomainError(ErrorCodes.notFound, `No forecast of SKU ${body.sku}${body.stores ? ' in these stores' : ''}`, { sku: body.sku });
    const asOf = rows.map((r) => r.as_of).reduce((a, b) => (a > b ? a : b));
    if (body.from <= asOf) throw invalid(`from must be after the last week of actuals, ${asOf}`, 'from');
    const weeksAhead = Math.round((Date.parse(body.to) - Date.parse(asOf)) / WEEK_MS);
    if (weeksAhead > MAX_HORIZON) throw invalid(`to must be at most ${MAX_HORIZON} weeks after the last week of actuals, ${asOf}`, 'to');

    // The runs' horizon, as the engine's model choice looks that far ahead.
    const horizon = Math.max(weeksAhead, ...rows.map((r) => r.horizon));
    const settings = { asOf, horizon, season: SEASON, holidays: this.env.HOLIDAY_LOCALE };
    const stores = rows.map((r) => r.store);
    const tried = (key: SeriesKey) => key.sku === body.sku && stores.includes(key.store);
    const without: SeriesForecastRow[] = [];
    const withPlan: SeriesForecastRow[] = [];
    // Each series is forecast among the same neighbours as in its run (the run's chunk), whose
    // coefficients are pooled: so the forecast "with" is the one the next run makes once it is saved.
    for (const group of await this.runChunks(body.sku, stores)) {
      const series = await this.forecaster.histories(group, settings);
      const picked = (results: SeriesForecastRow[]) => results.filter((_, i) => tried(series[i]));
      without.push(...picked(await this.forecaster.forecast(series, settings)));
      overlay(series.filter(tried), body, asOf);
      withPlan.push(...picked(await this.forecaster.forecast(series, settings)));
    }
    const sum = (results: SeriesForecastRow[], pick: (r: SeriesForecastRow) => number[], h: number) => round(results.reduce((s, r) => s + pick(r)[h], 0));
    return {
      sku: body.sku,
      stores,
      asOf,
      weeks: Array.from({ length: settings.horizon }, (_, h) => {
        const lift: Record<string, number> = {};
        for (const r of withPlan) for (const [name, values] of Object.entries(r.lift ?? {})) lift[name] = (lift[name] ?? 0) + values[h];
        return {
          week: addWeeks(asOf, h + 1),
          without: sum(without, (r) => r.statistical, h),
          with: sum(withPlan, (r) => r.statistical, h),
          baseline: sum(withPlan, (r) => r.baseline ?? r.statistical, h),
          lift: Object.fromEntries(Object.entries(lift).map(([name, v]) => [name, round(v)])),
        };
      }),
    };
  }

  /** The chunks of their current runs that forecast these stores of the SKU (a series no chunk names: a group of its own). */
  private async runChunks(sku: string, stores: string[]): Promise<SeriesKey[][]> {
    const chunks: Array<{ keys: SeriesKey[] }> = await this.dataSource.query(
      `SELECT DISTINCT c.run_id, c.seq, c.keys FROM forecast.series s
       JOIN forecast.run_chunks c ON c.run_id = s.run_id AND c.keys @> jsonb_build_array(jsonb_build_object('sku', s.sku, 'store', s.store))
       WHERE s.sku = $1 AND s.store = ANY($2)`,
      [sku, stores],
    );
    const covered = new Set(chunks.flatMap((c) => c.keys.filter((k) => k.sku === sku).map((k) => k.store)));
    const alone = stores.filter((store) => !covered.has(store)).map((store) => ({ sku, store }));
    return [...chunks.map((c) => c.keys), ...(alone.length > 0 ? [alone] : [])];
  }
}
