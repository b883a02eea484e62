import { autoArima } from './arima';
import { DemandPattern, demandProfile } from './demand-pattern';
import { autoEts } from './ets';
import { FittedModel, holt, naive, ses } from './exponential-smoothing';
import { croston, sba, tsb } from './intermittent';
import { Bands, bandsAround, halfWidths, intermittentBands, rootMeanSquare } from './intervals';
import { seasonalNaive } from './seasonal-naive';
import { SeasonalIndices, deseasonalize, isSeasonal, reseasonalize, seasonalIndices } from './seasonality';
import { theta } from './theta';

export interface ForecastOptions {
  horizon: number;
  /** Periods per season: 52 for weekly retail data, 12 monthly, 1 for none. */
  season: number;
  /**
   * `auto`: ETS, ARIMA and Theta and their equal-weight combination, chosen per series by
   * rolling-origin cross-validation (the command line's default: the most accurate). `fast` (the
   * default here, and the service's: at least 200 weekly series a second on one core): SES, damped
   * Holt and Theta and their combination, with and without the season. `ets` and `arima`: one
   * automatic ETS or ARIMA model, chosen by AICc as R's ets() and auto.arima() do (for comparison).
   */
  method?: 'auto' | 'fast' | 'ets' | 'arima';
}

export interface SeriesForecast {
  /** The chosen model, e.g. `comb(ets(MAdM)|arima(011)|theta)` or `sba`, with `+season` when deseasonalised. */
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

/** A fitted model whose forecasts may carry a season put back on (the errors then scale with it). */
type SeasonedModel = FittedModel & { seasonality?: SeasonalIndices };

/**
 * The candidate models of one kind of series, all fitted on the same data; the first is the
 * preferred one. The combination reuses its members' fits rather than fitting them again.
 */
type Family = (history: readonly number[]) => SeasonedModel[];

const BACKTEST_ORIGINS = 3;
/**
 * A benchmark (naive, seasonal naive) replaces the chosen model when it beat it at every backtest
 * origin by this factor. Stricter versions (any win overall, or by 10-20%) cost 1-4% MASE on the
 * validation windows: with three overlapping origins, a narrow win is mostly noise (README).
 */
const BENCHMARK_MARGIN = 1.3;
/** How much lower a single method's backtest error must be to be chosen over the combination. */
const SINGLE_METHOD_HANDICAP = 1.1;
/** The same for using (or not using) a season against the autocorrelation test's verdict. */
const SEASON_TEST_HANDICAP = 1.1;
/** ETS and ARIMA model the season themselves up to this period; longer seasons are taken out first. */
const LONGEST_MODELLED_SEASON = 24;
/**
 * Long-season (weekly) series are fitted on their last five seasons or so: older years describe a
 * market that has moved on. On the M4 weekly validation windows, keeping 3 / 4 / 5 / 6 / 10 years
 * against all of it scored sMAPE 7.49 / 7.41 / 7.29 / 7.41 / 7.51 against 7.59, and MASE
 * 2.406 / 2.385 / 2.385 / 2.404 / 2.410 against 2.411 (README).
 */
const LONG_SEASON_HISTORY = 5;

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** The equal-weight combination of several models: a robust choice on unseen series (M3, M4). */
function combination(models: SeasonedModel[]): SeasonedModel {
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
    seasonality: models.find((m) => m.seasonality)?.seasonality,
  };
}

/** A model fitted to deseasonalised data, its forecasts reseasonalised. */
function reseasonalised(model: FittedModel, seasonality: SeasonalIndices, n: number): SeasonedModel {
  return {
    ...model,
    method: `${model.method}+season(${seasonality.kind})`,
    forecast: (h) => reseasonalize(model.forecast(h), seasonality, n),
    seasonality,
  };
}

const fastFamily: Family = (history) => {
  const smooth = ses(history);
  const members = [smooth, holt(history, true), theta(history, smooth)];
  return [combination(members), ...members];
};
/**
 * SES joins the intermittent methods: on the car parts validation windows, choosing among the four
 * by backtest squared error beat choosing among the three by absolute error on MASE (1.133 against
 * 1.147), RMSSE (0.689 against 0.693) and the bias of the total (0.004 against −0.075 units) (README).
 */
const intermittentFamily: Family = (history) => [sba(history), tsb(history), croston(history), ses(history.length > 1 ? history : [history[0], history[0]])];
const shortFamily: Family = (history) => [ses(history.length > 1 ? history : [history[0], history[0]])];

/** The family applied to deseasonalised data, its forecasts reseasonalised. */
function seasonalFamily(family: Family, season: number): Family {
  return (history) => {
    const seasonality = seasonalIndices(history, season);
    return family(deseasonalize(history, seasonality)).map((model) => reseasonalised(model, seasonality, history.length));
  };
}

/**
 * The equal-weight combination of ETS, ARIMA and Theta (on validation windows of the benchmark sets
 * it beat each member, README). ETS
 * and ARIMA model a season of up to 24 periods themselves; a longer one (weekly data) is taken out by
 * classical decomposition first when the autocorrelation test finds it, as it always is for Theta.
 */
function accurateFamily(season: number): Family {
  return (full) => {
    // Whole seasons dropped from the front, so that positions in the season stay where they were.
    const drop = season > LONGEST_MODELLED_SEASON ? Math.max(0, Math.floor((full.length - LONG_SEASON_HISTORY * season) / season) * season) : 0;
    const history = full.slice(drop);
    const n = history.length;
    const seasonality = season > 1 && n >= 2 * season + 1 && isSeasonal(history, season) ? seasonalIndices(history, season) : null;
    const adjusted = seasonality ? deseasonalize(history, seasonality) : history;
    const onAdjusted = (model: FittedModel) => (seasonality ? reseasonalised(model, seasonality, n) : model);
    const direct = season > 1 && season <= LONGEST_MODELLED_SEASON;
    const etsFit = direct ? autoEts(history, n >= 2 * season + 2 ? season : 1) : onAdjusted(autoEts(adjusted, 1));
    const arimaFit = (direct ? autoArima(history, season) : onAdjusted(autoArima(adjusted, 1) ?? etsFit)) ?? etsFit;
    // Only the combination: choosing a member by backtest instead lost 1-6% MASE on validation (README).
    return [combination([etsFit, arimaFit, onAdjusted(theta(adjusted))])];
  };
}

/** The two benchmarks every chosen model must not lose to in its own backtest. */
function benchmarks(season: number): Family {
  return (history) => {
    const last = naive(history);
    if (season <= 1 || history.length < season) return [last];
    return [last, { ...last, method: 'seasonal_naive', forecast: (h) => seasonalNaive(history, h, season) }];
  };
}

interface Backtest {
  /** Mean absolute error per model of the family. */
  errors: number[];
  /** Mean squared error per model of the family. */
  squaredErrors: number[];
  /** Per model, the errors (actual − forecast) per origin: errors[model][origin][step]. */
  paths: number[][][];
}

/**
 * Each of the family's models forecast from a few rolling origins (windows held out one after
 * another); null when the history is too short. A window is `horizon` periods long, or shorter
 * where the history leaves less after `minTrain` periods: the intervals of a short history still
 * learn from errors out of sample, not only from the in-sample fit.
 */
function backtest(history: readonly number[], family: Family, horizon: number, minTrain: number): Backtest | null {
  const window = Math.min(horizon, history.length - minTrain);
  if (window < 1) return null;
  const step = Math.max(1, Math.floor(window / 2));
  const paths: number[][][] = [];
  for (let k = 0; k < BACKTEST_ORIGINS; k++) {
    const origin = history.length - window - k * step;
    if (origin < minTrain) break;
    const actual = history.slice(origin, origin + window);
    family(history.slice(0, origin)).forEach((model, i) => {
      const predicted = model.forecast(window);
      (paths[i] ??= []).push(actual.map((y, j) => y - predicted[j]));
    });
  }
  return {
    paths,
    errors: paths.map((origins) => mean(origins.flat().map(Math.abs))),
    squaredErrors: paths.map((origins) => mean(origins.flat().map((e) => e * e))),
  };
}

interface Candidate {
  family: Family;
  handicap: number;
}

/** The candidate families of a smooth (not intermittent) series, with their handicaps in the backtest. */
function smoothCandidates(history: readonly number[], season: number, method: 'auto' | 'fast'): Candidate[] {
  if (method === 'auto') return [{ family: accurateFamily(season), handicap: 1 }];
  // With and without the season both compete in the backtest. The M4 benchmarks' autocorrelation
  // test is the prior: the side it disfavours must win clearly (with four seasons of data or more;
  // with two or three, as in weekly retail history, the test says little and both start even).
  const canSeason = season > 1 && history.length >= 2 * season + 1;
  const seasonalByTest = canSeason && isSeasonal(history, season);
  const testable = history.length >= 4 * season;
  return [
    { family: fastFamily, handicap: seasonalByTest && testable ? SEASON_TEST_HANDICAP : 1 },
    ...(canSeason ? [{ family: seasonalFamily(fastFamily, season), handicap: !seasonalByTest && testable ? SEASON_TEST_HANDICAP : 1 }] : []),
  ];
}

/** One automatic model, chosen by AICc within its family (`ets`, `arima`), with no backtest. */
function informationCriterionModel(history: readonly number[], season: number, method: 'ets' | 'arima'): SeasonedModel {
  const m = season > 1 && history.length >= 2 * season + 2 ? season : 1;
  return method === 'ets' ? autoEts(history, m) : (autoArima(history, m) ?? ses(history));
}

/**
 * Forecasts one series automatically: classifies its demand, picks candidate methods for the
 * class, chooses by rolling-origin backtest error (never a model its own backtest shows losing to
 * the naive or seasonal naive forecast), and puts 80% and 95% intervals around the result (see
 * intervals.ts). A non-negative history never gets a negative forecast or bound.
 */
export function forecastSeries(history: readonly number[], { horizon, season, method = 'fast' }: ForecastOptions): SeriesForecast {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError('horizon must be a positive integer');
  if (history.length === 0) throw new RangeError('history is empty');
  if (!history.every(Number.isFinite)) throw new RangeError('history holds a value that is not a finite number');
  const profile = demandProfile(history);
  const nonNegative = history.every((y) => y >= 0);
  const intermittent = profile.pattern === 'intermittent' || profile.pattern === 'lumpy';
  const minTrain = Math.max(8, Math.floor(history.length / 2));

  const candidates: Candidate[] =
    history.length < 3
      ? [{ family: shortFamily, handicap: 1 }]
      : intermittent
        ? [{ family: intermittentFamily, handicap: 1 }]
        : method === 'ets' || method === 'arima'
          ? [{ family: (h) => [informationCriterionModel(h, season, method)], handicap: 1 }]
          : smoothCandidates(history, season, method);

  let best = { family: candidates[0].family, index: 0, test: null as Backtest | null, score: Infinity };
  for (const { family, handicap } of candidates) {
    const test = backtest(history, family, horizon, minTrain);
    // Intermittent demand is chosen by squared error: absolute error favours forecasts near zero,
    // which leave the total demand short.
    (intermittent ? test?.squaredErrors : test?.errors)?.forEach((error, index) => {
      // The first model (the combination, for smooth demand) must be beaten clearly, not by backtest noise.
      const score = error * handicap * (index > 0 && !intermittent ? SINGLE_METHOD_HANDICAP : 1);
      if (score < best.score - 1e-12) best = { family, index, test, score };
    });
  }
  let model: SeasonedModel = best.family(history)[best.index];
  let errors = best.test?.paths[best.index] ?? null;
  let backtestError = best.test?.errors[best.index] ?? null;
  // The naive forecasts are the floor of the automatic choice: a model that loses to them in its
  // own backtest is not used.
  const selects = method === 'auto' || method === 'fast';
  if (selects && !intermittent && backtestError !== null && history.length >= 3) {
    const floor = backtest(history, benchmarks(season), horizon, minTrain);
    const winner = floor?.errors.reduce((b, e, i) => (e < floor.errors[b] ? i : b), 0) ?? 0;
    const originError = (path: number[]) => mean(path.map(Math.abs));
    const chosenErrors = errors ?? [];
    if (floor && floor.paths[winner].every((path, k) => originError(path) * BENCHMARK_MARGIN < originError(chosenErrors[k]))) {
      model = benchmarks(season)(history)[winner];
      errors = floor.paths[winner];
      backtestError = floor.errors[winner];
    }
  }

  const floorAtZero = (values: number[]) => (nonNegative ? values.map((v) => Math.max(0, v)) : values);
  const forecast = floorAtZero(model.forecast(horizon));
  const bands = intermittent && nonNegative ? intermittentBands(history, forecast) : smoothBands(history, model, forecast, errors, nonNegative);
  const level = mean(history.map(Math.abs)) || 1;
  return {
    model: model.method,
    params: model.params,
    pattern: profile.pattern,
    forecast,
    ...bands,
    backtestError: backtestError === null ? null : backtestError / level,
  };
}

/**
 * Bands for smooth demand: the model's error growth gives the shape over the horizon (scaled by the
 * seasonal index where the season is multiplicative: errors grow with the level), and the spread is
 * what the in-sample one-step errors and the backtest's errors say together (intervals.ts).
 */
function smoothBands(history: readonly number[], model: SeasonedModel, forecast: number[], errors: number[][] | null, nonNegative: boolean): Bands {
  const n = history.length;
  const seasonFactor = (t: number) => {
    const s = model.seasonality;
    return s && s.kind === 'multiplicative' ? s.indices[t % s.indices.length] : 1;
  };
  const shape = (step: number, t: number) => Math.sqrt(model.errorGrowth(step)) * seasonFactor(t);
  // A backtest origin's errors end where the next window would start; their positions in the season
  // are counted back from the end of the history.
  const scaledErrors = (errors ?? []).flatMap((path, k) => {
    const origin = n - path.length - k * Math.max(1, Math.floor(path.length / 2));
    return path.map((e, j) => e / shape(j + 1, origin + j));
  });
  const level = mean(history);
  const variation = rootMeanSquare(history.map((y) => y - level));
  const widths = halfWidths({
    inSample: rootMeanSquare(model.residuals),
    scaledErrors,
    // A history that varies never gets a zero-width band; a constant one gets a tenth of its level.
    floor: variation > 0 ? 0.05 * variation : 0.1 * Math.abs(history[0]),
    observations: n,
  });
  return bandsAround(forecast, forecast.map((_, i) => shape(i + 1, n + i)), widths, nonNegative);
}
