import { DemandPattern, demandProfile } from './demand-pattern';
import { FittedModel, holt, ses } from './exponential-smoothing';
import { autoEts } from './ets';
import { croston, sba, tsb } from './intermittent';
import { SeasonalIndices, deseasonalize, isSeasonal, reseasonalize, seasonalIndices } from './seasonality';
import { theta } from './theta';

export interface ForecastOptions {
  horizon: number;
  /** Periods per season: 52 for weekly retail data, 12 monthly, 1 for none. */
  season: number;
  /**
   * `auto` (the default): candidates per demand class, chosen by backtest. `ets`: one ETS model
   * chosen by AICc among all admissible ones, as R's forecast::ets() does (kept for comparison).
   */
  method?: 'auto' | 'ets';
}

export interface SeriesForecast {
  /** The chosen model, e.g. `comb(ses|holt_damped|theta)` or `sba`, with `+season` when deseasonalised. */
  model: string;
  params: Record<string, number>;
  pattern: DemandPattern;
  forecast: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
  /** Mean absolute error of the chosen model in the rolling-origin backtest, scaled by the mean level. */
  backtestError: number | null;
}

/**
 * The candidate models of one kind of series, all fitted on the same data; the first is the
 * preferred one. The combination reuses its members' fits rather than fitting them again.
 */
type Family = (history: readonly number[]) => FittedModel[];

const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;
const BACKTEST_ORIGINS = 3;
/** How much lower a single method's backtest error must be to be chosen over the combination. */
const SINGLE_METHOD_HANDICAP = 1.1;
/** The same for using (or not using) a season against the autocorrelation test's verdict. */
const SEASON_TEST_HANDICAP = 1.1;

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** The equal-weight combination of several models: a robust choice on unseen series (M3, M4). */
function combination(models: FittedModel[]): FittedModel {
  return {
    method: `comb(${models.map((m) => m.method).join('|')})`,
    params: Object.fromEntries(models.flatMap((m) => Object.entries(m.params).map(([k, v]) => [`${m.method}.${k}`, v]))),
    residuals: models[0].residuals.map((_, t) => mean(models.map((m) => m.residuals[t] ?? 0))),
    forecast: (h) => {
      const paths = models.map((m) => m.forecast(h));
      return Array.from({ length: h }, (_, i) => mean(paths.map((p) => p[i])));
    },
    // The members' errors are highly correlated: the spread of their mean is about their mean spread.
    errorGrowth: (h) => mean(models.map((m) => Math.sqrt(m.errorGrowth(h)))) ** 2,
  };
}

const smoothFamily: Family = (history) => {
  const smooth = ses(history);
  const members = [smooth, holt(history, true), theta(history, smooth)];
  return [combination(members), ...members];
};
const intermittentFamily: Family = (history) => [sba(history), tsb(history), croston(history)];
const shortFamily: Family = (history) => [ses(history.length > 1 ? history : [history[0], history[0]])];

/** The family applied to deseasonalised data, its forecasts reseasonalised. */
function seasonalFamily(family: Family, season: number): Family {
  return (history) => {
    const seasonality = seasonalIndices(history, season);
    return family(deseasonalize(history, seasonality)).map((model) => ({
      ...model,
      method: `${model.method}+season(${seasonality.kind})`,
      forecast: (h) => reseasonalize(model.forecast(h), seasonality, history.length),
      seasonality,
      adjustedForecast: model.forecast,
    }));
  };
}

type SeasonedModel = FittedModel & { seasonality?: SeasonalIndices; adjustedForecast?: (h: number) => number[] };

/**
 * Mean absolute error of each of the family's models over a few rolling origins (windows of
 * `horizon` periods held out one after another), or null when the history is too short.
 */
function backtest(history: readonly number[], family: Family, horizon: number, minTrain: number): number[] | null {
  const step = Math.max(1, Math.floor(horizon / 2));
  let totals: number[] | null = null;
  let count = 0;
  for (let k = 0; k < BACKTEST_ORIGINS; k++) {
    const origin = history.length - horizon - k * step;
    if (origin < minTrain) break;
    const actual = history.slice(origin, origin + horizon);
    const models = family(history.slice(0, origin));
    totals ??= models.map(() => 0);
    models.forEach((model, i) => {
      const predicted = model.forecast(actual.length);
      actual.forEach((y, j) => ((totals as number[])[i] += Math.abs(y - predicted[j])));
    });
    count += actual.length;
  }
  return totals && totals.map((total) => total / count);
}

/** Standard deviation of the one-step error, from the in-sample residuals. */
function oneStepSpread(residuals: readonly number[]): number {
  const usable = residuals.filter(Number.isFinite);
  return usable.length > 1 ? Math.sqrt(usable.reduce((s, e) => s + e * e, 0) / (usable.length - 1)) : 0;
}

/**
 * Forecasts one series automatically: classifies its demand, picks candidate methods for the
 * class, deseasonalises when a season is significant, chooses by rolling-origin backtest error,
 * and puts 80% and 95% intervals around the result. A non-negative history never gets a negative
 * forecast or bound.
 */
export function forecastSeries(history: readonly number[], { horizon, season, method = 'auto' }: ForecastOptions): SeriesForecast {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError('horizon must be a positive integer');
  if (history.length === 0) throw new RangeError('history is empty');
  if (!history.every(Number.isFinite)) throw new RangeError('history holds a value that is not a finite number');
  const profile = demandProfile(history);
  const nonNegative = history.every((y) => y >= 0);
  const intermittent = profile.pattern === 'intermittent' || profile.pattern === 'lumpy';

  const base = history.length < 3 ? shortFamily : intermittent ? intermittentFamily : smoothFamily;
  // With and without the season both compete in the backtest. The M4 benchmarks' autocorrelation
  // test is the prior: the side it disfavours must win clearly (with four seasons of data or more;
  // with two or three, as in weekly retail history, the test says little and both start even).
  const canSeason = !intermittent && season > 1 && history.length >= 2 * season + 1;
  const seasonalByTest = canSeason && isSeasonal(history, season);
  const testable = history.length >= 4 * season;
  const families = [
    { family: base, handicap: seasonalByTest && testable ? SEASON_TEST_HANDICAP : 1 },
    ...(canSeason ? [{ family: seasonalFamily(base, season), handicap: !seasonalByTest && testable ? SEASON_TEST_HANDICAP : 1 }] : []),
  ];

  let best = { family: families[0].family, index: 0, error: null as number | null, score: Infinity };
  for (const { family, handicap } of method === 'ets' ? [] : families) {
    const errors = backtest(history, family, horizon, Math.max(8, Math.floor(history.length / 2)));
    errors?.forEach((error, index) => {
      // The first model (the combination, for smooth demand) must be beaten clearly, not by backtest noise.
      const score = error * handicap * (index > 0 && base === smoothFamily ? SINGLE_METHOD_HANDICAP : 1);
      if (score < best.score - 1e-12) best = { family, index, error, score };
    });
  }

  const model: SeasonedModel =
    method === 'ets' && history.length >= 3 ? autoEts(history, canSeason ? season : 1) : best.family(history)[best.index];
  const seasonality = model.seasonality ?? null;
  const adjustedPoint = (model.adjustedForecast ?? model.forecast)(horizon);
  const sigma = oneStepSpread(model.residuals);
  const spreads = Array.from({ length: horizon }, (_, i) => sigma * Math.sqrt(model.errorGrowth(i + 1)));
  const band = (z: number, sign: 1 | -1) => {
    const values = adjustedPoint.map((f, i) => f + sign * z * spreads[i]);
    return seasonality ? reseasonalize(values, seasonality, history.length) : values;
  };
  const floor = (values: number[]) => (nonNegative ? values.map((v) => Math.max(0, v)) : values);
  const level = mean(history.map(Math.abs)) || 1;
  const forecast = floor(model.forecast(horizon));
  const intervals =
    intermittent && nonNegative
      ? intermittentIntervals(history, forecast)
      : { lo80: floor(band(Z80, -1)), hi80: floor(band(Z80, 1)), lo95: floor(band(Z95, -1)), hi95: floor(band(Z95, 1)) };
  return {
    model: model.method,
    params: model.params,
    pattern: profile.pattern,
    forecast,
    ...intervals,
    backtestError: best.error === null ? null : best.error / level,
  };
}

/**
 * Intervals for intermittent demand, where a normal band clipped at zero covers far more than it
 * says (most actuals are zeros). Each period's demand is zero or one of the sizes seen so far, with
 * a probability of demand that makes the mixture's mean the forecast; the interval is one-sided,
 * from 0 to the 80% (95%) quantile of that mixture.
 */
function intermittentIntervals(history: readonly number[], forecast: readonly number[]) {
  const sizes = history.filter((y) => y > 0).sort((a, b) => a - b);
  const quantile = (f: number, q: number) => {
    if (sizes.length === 0 || f <= 0) return 0;
    const p = Math.min(1, f / mean(sizes));
    if (q <= 1 - p) return 0;
    const position = ((q - (1 - p)) / p) * (sizes.length - 1);
    const below = Math.floor(position);
    return sizes[below] + (position - below) * ((sizes[below + 1] ?? sizes[below]) - sizes[below]);
  };
  const zeros = forecast.map(() => 0);
  return { lo80: zeros, hi80: forecast.map((f) => quantile(f, 0.8)), lo95: zeros, hi95: forecast.map((f) => quantile(f, 0.95)) };
}
