import { DemandPattern, demandProfile } from './demand-pattern';
import { FittedModel, holt, ses } from './exponential-smoothing';
import { croston, sba, tsb } from './intermittent';
import { SeasonalIndices, deseasonalize, isSeasonal, reseasonalize, seasonalIndices } from './seasonality';
import { theta } from './theta';

export interface ForecastOptions {
  horizon: number;
  /** Periods per season: 52 for weekly retail data, 12 monthly, 1 for none. */
  season: number;
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

type Fitter = (history: readonly number[]) => FittedModel;

const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;
const BACKTEST_ORIGINS = 3;
/** How much lower a single method's backtest error must be to be chosen over the combination. */
const SINGLE_METHOD_HANDICAP = 1.1;

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** The equal-weight combination of several models: a robust choice on unseen series (M3, M4). */
function combination(fitters: Fitter[]): Fitter {
  return (history) => {
    const models = fitters.map((fit) => fit(history));
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
  };
}

/**
 * Mean absolute error over a few rolling origins (the last `origins` windows of `horizon` periods
 * held out one after another), or null when the history is too short to hold any out.
 */
function backtest(history: readonly number[], fit: Fitter, horizon: number, minTrain: number): number | null {
  const step = Math.max(1, Math.floor(horizon / 2));
  const errors: number[] = [];
  for (let k = 0; k < BACKTEST_ORIGINS; k++) {
    const origin = history.length - horizon - k * step;
    if (origin < minTrain) break;
    const actual = history.slice(origin, origin + horizon);
    const predicted = fit(history.slice(0, origin)).forecast(actual.length);
    actual.forEach((y, i) => errors.push(Math.abs(y - predicted[i])));
  }
  return errors.length === 0 ? null : mean(errors);
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
export function forecastSeries(history: readonly number[], { horizon, season }: ForecastOptions): SeriesForecast {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError('horizon must be a positive integer');
  if (history.length === 0) throw new RangeError('history is empty');
  if (!history.every(Number.isFinite)) throw new RangeError('history holds a value that is not a finite number');
  const profile = demandProfile(history);
  const nonNegative = history.every((y) => y >= 0);
  const intermittent = profile.pattern === 'intermittent' || profile.pattern === 'lumpy';

  const methods: Fitter[] =
    history.length < 3
      ? [(h) => ses(h.length > 1 ? h : [h[0], h[0]])]
      : intermittent
        ? [sba, tsb, croston]
        : [combination([ses, (h) => holt(h, true), theta]), ses, (h) => holt(h, true), theta];
  // A season is used when the M4 benchmarks' autocorrelation test finds it significant. That test
  // is reliable with four seasons of data or more; with two or three (weekly retail history), a
  // season it misses can still be real, so the backtest decides between with and without.
  const canSeason = !intermittent && season > 1 && history.length >= 2 * season + 1;
  const testable = history.length >= 4 * season;
  const seasonModes: boolean[] = !canSeason ? [false] : isSeasonal(history, season) ? [true] : testable ? [false] : [false, true];
  const candidates = seasonModes.flatMap((seasonal) =>
    methods.map((fit, i) => ({
      make: candidate(fit, seasonal ? season : 1),
      // The combination comes first; a single method must beat it clearly, not by backtest noise.
      handicap: !intermittent && i > 0 ? SINGLE_METHOD_HANDICAP : 1,
    })),
  );

  let best: { candidate: Candidate; error: number | null; score: number } = { candidate: candidates[0].make, error: null, score: Infinity };
  if (candidates.length > 1) {
    for (const { make, handicap } of candidates) {
      const error = backtest(history, (h) => make(h).model, horizon, Math.max(8, Math.floor(history.length / 2)));
      if (error !== null && error * handicap < best.score - 1e-12) best = { candidate: make, error, score: error * handicap };
    }
  }

  const { model, seasonality } = best.candidate(history);
  const adjustedPoint = model.adjustedForecast(horizon);
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

/** A method, applied to the deseasonalised data when `season` > 1 (forecasts then reseasonalised). */
type Candidate = (history: readonly number[]) => {
  model: FittedModel & { adjustedForecast(h: number): number[] };
  seasonality: SeasonalIndices | null;
};

function candidate(fit: Fitter, season: number): Candidate {
  return (history) => {
    const seasonality = season > 1 ? seasonalIndices(history, season) : null;
    const model = fit(seasonality ? deseasonalize(history, seasonality) : history);
    return {
      seasonality,
      model: {
        ...model,
        method: model.method + (seasonality ? `+season(${seasonality.kind})` : ''),
        adjustedForecast: model.forecast,
        forecast: (h) => (seasonality ? reseasonalize(model.forecast(h), seasonality, history.length) : model.forecast(h)),
      },
    };
  };
}
