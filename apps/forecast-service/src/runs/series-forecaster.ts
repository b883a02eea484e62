import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { HistorySeries, HolidayLocale, SalesPatterns, SeriesKey } from '@tideline/contracts';
import { estimateDrivers, fillCensored, poolDrivers } from '@tideline/forecast-engine';
import { sendRpc, serviceClientToken } from '@tideline/server-kit';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { EventsService } from '../events/events.service';
import { forecastLifecycle } from './lifecycle-forecast';
import { seriesDrivers } from './series-drivers';
import { SeriesForecastRow, forecastWeekly } from './series-forecast';
import { LifecycleReader, SeriesLifecycle } from './series-lifecycle';
import { FoundOutlier, correctOutliers } from '../outliers/outlier-correction';
import { OutliersService } from '../outliers/outliers.service';

const SALES_TIMEOUT_MS = 30_000;
/** Series forecast between two looks at the event loop, so requests to this instance wait at most a few ms. */
const SERIES_PER_SLICE = 5;

/**
 * A series' history as the engine takes it, with what its life changes (new, succeeding, ending)
 * and the outlier weeks found in it (corrected in `units` unless rejected).
 */
export type ForecastInput = HistorySeries & { lifecycle?: SeriesLifecycle; outliers?: FoundOutlier[] };

export interface ForecastSettings {
  asOf: string;
  horizon: number;
  season: number;
  holidays?: HolidayLocale;
}

/**
 * Forecasts a group of series from their histories, planned drivers, events and holidays: what a
 * run's chunk does, and what a what-if does twice (with and without a hypothetical plan).
 */
@Injectable()
export class SeriesForecaster {
  constructor(
    private readonly events: EventsService,
    private readonly lifecycles: LifecycleReader,
    private readonly outliers: OutliersService,
    @Inject(serviceClientToken('sales')) private readonly sales: ClientProxy,
  ) {}

  /**
   * The histories of `keys` up to `asOf` with their drivers, the plans of the horizon, and the events
   * and holidays of both, and their lives (LifecycleReader). Out-of-stock weeks hold their estimated
   * demand (fillCensored), not what sold: an empty shelf is not low demand; outlier weeks their
   * expected value, as the analysts decided (correctOutliers).
   */
  async histories(keys: SeriesKey[], settings: ForecastSettings): Promise<ForecastInput[]> {
    const [{ series }, decisions] = await Promise.all([
      sendRpc(this.sales, SalesPatterns.history, { keys, to: settings.asOf, plannedWeeks: settings.horizon }, SALES_TIMEOUT_MS),
      this.outliers.decisions(keys),
    ]);
    for (const found of series) if (found.censored?.includes(1)) found.units = fillCensored(found.units, found.censored);
    const outliers = series.map((found) => correctOutliers(found, decisions.get(`${found.sku}|${found.store}`) ?? [], settings.season));
    await this.events.addTo(series, settings.asOf, settings.horizon, settings.holidays);
    const lifecycles = await this.lifecycles.read(series, settings.asOf, settings.horizon);
    return series.map((found, i) => ({ ...found, lifecycle: lifecycles[i], outliers: outliers[i] }));
  }

  /**
   * The forecast of every series. The series forecast together are neighbours (a chunk in (sku,
   * store) order, or one product's stores): their coefficients are pooled, so a store with few
   * promotions borrows from the others.
   */
  async forecast(series: ForecastInput[], settings: ForecastSettings): Promise<SeriesForecastRow[]> {
    const drivers = series.map((found) => seriesDrivers(found, settings.horizon));
    const estimates = drivers.map((d) => (d ? estimateDrivers(d.series) : undefined));
    const known = estimates.filter((e) => e !== undefined);
    const prior = known.length > 0 ? poolDrivers(known) : undefined;
    const results: SeriesForecastRow[] = [];
    for (let i = 0; i < series.length; i++) {
      if (i % SERIES_PER_SLICE === 0) await yieldToEvents();
      const own = () => forecastWeekly(series[i].units, settings.horizon, settings.season, drivers[i], prior, estimates[i]);
      const { lifecycle } = series[i];
      if (!lifecycle) results.push(own());
      else {
        const { row, note } = forecastLifecycle({ units: series[i].units, promo: series[i].promo, lifecycle }, own, settings.horizon, settings.season);
        results.push({ ...row, lifecycle: note });
      }
    }
    return results;
  }
}
