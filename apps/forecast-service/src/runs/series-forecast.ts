import { SeriesLifecycleNote } from '@tideline/contracts';
import { DriverEstimate, DriverPrior, SeriesForecast, forecastSeries, forecastWithDrivers, seasonalNaive } from '@tideline/forecast-engine';
import { SeriesDrivers } from './series-drivers';

export interface SeriesForecastRow {
  model: string;
  params: Record<string, number>;
  pattern: string;
  backtestError: number | null;
  /** In-sample mean absolute seasonal-naive error (lag 1 with less than a season): the MASE denominator. */
  scale: number | null;
  statistical: number[];
  naive: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
  /** With drivers: the forecast without their effects, and each driver's lift per week; else null. */
  baseline: number[] | null;
  lift: Record<string, number[]> | null;
  /** What the series' life did to its forecast (a phase-in's reference, a succession, an end), if anything. */
  lifecycle?: SeriesLifecycleNote | null;
}

function naiveScale(history: readonly number[], season: number): number | null {
  const lag = history.length > season ? season : 1;
  if (history.length <= lag) return null;
  let sum = 0;
  for (let t = lag; t < history.length; t++) sum += Math.abs(history[t] - history[t - lag]);
  return sum / (history.length - lag);
}

/**
 * The engine's automatic forecast of one weekly history, with its seasonal-naive benchmark and MASE
 * scale; with `drivers`, baseline times the lift of the planned drivers (coefficients: `estimate`,
 * the series' own when made already, shrunk to `prior`),
 * the coefficients kept in the params as `driver:<name>`.
 */
export function forecastWeekly(
  history: readonly number[],
  horizon: number,
  season: number,
  drivers?: SeriesDrivers,
  prior?: DriverPrior,
  estimate?: DriverEstimate,
): SeriesForecastRow {
  if (history.length === 0) return emptyRow('none (no sales)', horizon);
  const options = { horizon, season };
  const withDrivers = drivers ? forecastWithDrivers(drivers.series, drivers.future, { ...options, prior, estimate }) : undefined;
  const result = withDrivers ?? forecastSeries(history, options);
  const coefficients = Object.fromEntries(Object.entries(withDrivers?.coefficients ?? {}).map(([name, c]) => [`driver:${name}`, c]));
  return {
    ...toRow({ ...result, params: { ...result.params, ...coefficients } }, history, horizon, season),
    baseline: withDrivers?.baseline ?? null,
    lift: withDrivers?.lift ?? null,
  };
}

/** A forecast of nothing: every week, and every band, zero. */
export function emptyRow(model: string, horizon: number): SeriesForecastRow {
  const zeros = Array.from({ length: horizon }, () => 0);
  return { model, params: {}, pattern: 'none', backtestError: null, scale: null, statistical: zeros, naive: zeros, lo80: zeros, hi80: zeros, lo95: zeros, hi95: zeros, baseline: null, lift: null };
}

/** An engine forecast as a row, with the seasonal-naive benchmark and MASE scale of `history`; no drivers. */
export function toRow(result: SeriesForecast, history: readonly number[], horizon: number, season: number): SeriesForecastRow {
  return {
    model: result.model,
    params: result.params,
    pattern: result.pattern,
    backtestError: result.backtestError,
    scale: naiveScale(history, season),
    statistical: result.forecast,
    naive: history.length > 0 ? seasonalNaive(history, horizon, season) : Array.from({ length: horizon }, () => 0),
    lo80: result.lo80,
    hi80: result.hi80,
    lo95: result.lo95,
    hi95: result.hi95,
    baseline: null,
    lift: null,
  };
}
