import { ForecastOptions, SeriesForecast, forecastSeries } from './auto';
import { ordered } from './intervals';
import { solveSymmetric } from './least-squares';

/**
 * Forecasting with demand drivers (price, promotion, display, feature, events…): baseline times lift.
 *
 * What is modelled: log(1 + units) moves with each driver linearly, the same every week of a series
 * (`price` enters as its log, so its coefficient is a price elasticity; every other driver as it
 * is), and every driver but price also with its previous week's value, the after-effect of a
 * promotion (a post-promotion dip, say). No cross-effects between products, no interactions between
 * drivers. A series' coefficients are its own estimate shrunk towards what all series show
 * together (empirical Bayes): a series with few or no promotions borrows from the others.
 *
 * The baseline is the demand the history would have shown at its regular price without any other
 * driver (regular price: the highest of the last REGULAR_PRICE_WEEKS weeks; other drivers: 0); it is
 * forecast by the automatic engine like any series, then each future week is multiplied by the
 * effect of its planned drivers. Chosen on validation windows of the `cheese` and `tuna` training
 * rows against the engine without drivers, pooled-only coefficients and regression on levels
 * (bench/forecast-drivers/README.md).
 */

/**
 * What is assumed before any data: price elasticities around −1.5 (retail's typical −0.5 to −4),
 * other drivers around no effect, both wide. A series forecast alone, or a driver no other series
 * has, is shrunk towards it, so a price that barely moved cannot make an absurd elasticity.
 */
const DEFAULT_PRIOR = { price: { coefficient: -1.5, variance: 1 }, other: { coefficient: 0, variance: 1 } };

/** Weeks back in which the highest price is the regular one. */
const REGULAR_PRICE_WEEKS = 26;
/** Coefficients are estimated on week-to-week changes, which a drifting level does not bias. */
const RIDGE = 1e-6;

export interface DriverHistory {
  /** Units per period, oldest first. */
  history: readonly number[];
  /** Each driver's value in every period of the history. */
  drivers: Readonly<Record<string, readonly number[]>>;
}

/** A series' own estimate of each driver's coefficient, with its standard error. */
export interface DriverEstimate {
  names: string[];
  coefficients: number[];
  standardErrors: number[];
}

/** What all series show together: per driver, the typical coefficient and how much series differ. */
export type DriverPrior = Record<string, { coefficient: number; variance: number }>;

export interface DriverForecast extends SeriesForecast {
  /** The forecast without any driver's effect: regular price, no promotion. */
  baseline: number[];
  /** Each driver's share of forecast − baseline, per step. */
  lift: Record<string, number[]>;
  /** The coefficients used (after shrinkage), by driver. */
  coefficients: Record<string, number>;
}

/** The regular price of a history: the highest of its last REGULAR_PRICE_WEEKS weeks. */
export const regularPrice = (prices: readonly number[]) => Math.max(...prices.slice(-REGULAR_PRICE_WEEKS));

/**
 * A driver's values with the unknown ones (null) filled: a price takes the nearest known price
 * before it (after it, for the first periods), any other driver 0 (no promotion). Undefined for a
 * price that is never known. `filled` counts the cells filled.
 */
export function fillUnknown(name: string, values: ReadonlyArray<number | null>): { values: number[]; filled: number } | undefined {
  let known = values.find((v) => v !== null);
  if (name === 'price' && (known === undefined || known === null)) return undefined;
  let filled = 0;
  const result = values.map((v) => {
    if (v !== null) return (known = v);
    filled++;
    return name === 'price' ? (known as number) : 0;
  });
  return { values: result, filled };
}

/**
 * Every driver but price also enters with its previous period's value (`<name>@1`): a promotion's
 * after-effect, such as the dip while shoppers use up what they stocked. Chosen on the validation
 * windows (bench/forecast-drivers): MASE cheese 0.817 → 0.805, tuna 0.638 → 0.636, demo chain
 * 0.722 → 0.720. A lagged price was better on cheese (0.755) but worse on tuna (0.696), so it is left out.
 */
const LAG = '@1';

/** The drivers with the lagged copies (the first period's lag is its own value; the plan's continues from the history). */
function expand(series: DriverHistory, future?: Readonly<Record<string, readonly number[]>>): { series: DriverHistory; future?: Record<string, readonly number[]> } {
  const drivers: Record<string, readonly number[]> = {};
  const planned: Record<string, readonly number[]> = {};
  for (const [name, values] of Object.entries(series.drivers)) {
    drivers[name] = values;
    if (future) planned[name] = future[name];
    if (name === 'price') continue;
    drivers[name + LAG] = values.map((v, t) => (t === 0 ? v : values[t - 1]));
    if (future) planned[name + LAG] = future[name].map((v, i) => (i === 0 ? values[values.length - 1] : future[name][i - 1]));
  }
  return { series: { history: series.history, drivers }, future: future ? planned : undefined };
}
const baseName = (name: string) => (name.endsWith(LAG) ? name.slice(0, -LAG.length) : name);

/** How a driver enters the regression: price as its log (an elasticity), the others as they are. */
const transform = (name: string, value: number) => (baseName(name) === 'price' ? Math.log(Math.max(value, 1e-9)) : value);

function checkDrivers({ history, drivers }: DriverHistory, future?: Readonly<Record<string, readonly number[]>>, horizon?: number): string[] {
  const names = Object.keys(drivers).sort();
  for (const name of names) {
    if (drivers[name].length !== history.length) throw new RangeError(`driver ${name} has ${drivers[name].length} values for ${history.length} periods`);
    if (!drivers[name].every(Number.isFinite)) throw new RangeError(`driver ${name} holds a value that is not a finite number`);
    if (name === 'price' && !drivers[name].every((p) => p > 0)) throw new RangeError('price must be positive');
    if (future) {
      const planned = future[name];
      if (!planned || planned.length !== horizon) throw new RangeError(`driver ${name} needs ${horizon} planned values`);
      if (!planned.every(Number.isFinite) || (name === 'price' && !planned.every((p) => p > 0))) throw new RangeError(`planned ${name} holds a value that is not valid`);
    }
  }
  return names;
}

/**
 * Regression of Δlog(1 + units) on Δ(driver) without intercept: each driver's coefficient and its
 * standard error. A driver that never changes in the history gets 0 with an infinite error (it is
 * then the prior's alone).
 */
export function estimateDrivers(input: DriverHistory): DriverEstimate {
  const { series } = expand(input);
  const names = checkDrivers(series);
  const z = series.history.map((y) => Math.log1p(Math.max(0, y)));
  const x = names.map((name) => series.drivers[name].map((v) => transform(name, v)));
  const moving = names.map((_, k) => x[k].some((v, t) => t > 0 && v !== x[k][t - 1]));
  const used = names.map((_, k) => k).filter((k) => moving[k]);
  const rows: number[][] = [];
  const target: number[] = [];
  for (let t = 1; t < z.length; t++) {
    rows.push(used.map((k) => x[k][t] - x[k][t - 1]));
    target.push(z[t] - z[t - 1]);
  }
  const coefficients = new Array<number>(names.length).fill(0);
  const standardErrors = new Array<number>(names.length).fill(Infinity);
  const p = used.length;
  if (p > 0 && rows.length > p) {
    const normal = used.map((_, i) => used.map((_, j) => rows.reduce((s, r) => s + r[i] * r[j], 0) + (i === j ? RIDGE : 0)));
    const beta = solveSymmetric(normal, used.map((_, i) => rows.reduce((s, r, t) => s + r[i] * target[t], 0)));
    if (beta) {
      const residualVariance = rows.reduce((s, r, t) => s + (target[t] - r.reduce((a, v, i) => a + v * beta[i], 0)) ** 2, 0) / (rows.length - p);
      used.forEach((k, i) => {
        const unit = used.map((_, j) => (j === i ? 1 : 0));
        const column = solveSymmetric(normal, unit);
        coefficients[k] = beta[i];
        standardErrors[k] = column ? Math.sqrt(Math.max(column[i] * residualVariance, 1e-12)) : Infinity;
      });
    }
  }
  return { names, coefficients, standardErrors };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * The prior of every driver from all series' estimates, robustly: the median coefficient, and as
 * the spread between series the squared MAD less the typical squared standard error (a series'
 * own noise is not a difference between series). Medians, because a series whose price barely
 * moved can estimate an absurd elasticity.
 */
export function poolDrivers(estimates: readonly DriverEstimate[]): DriverPrior {
  const prior: DriverPrior = {};
  const names = [...new Set(estimates.flatMap((e) => e.names))];
  for (const name of names) {
    const found = estimates
      .map((e) => ({ coefficient: e.coefficients[e.names.indexOf(name)], error: e.standardErrors[e.names.indexOf(name)] }))
      .filter((f) => f.coefficient !== undefined && Number.isFinite(f.error));
    if (found.length === 0) continue;
    const coefficient = median(found.map((f) => f.coefficient));
    const mad = 1.4826 * median(found.map((f) => Math.abs(f.coefficient - coefficient)));
    const noise = median(found.map((f) => f.error ** 2));
    prior[name] = { coefficient, variance: Math.max(mad * mad - noise, 1e-3) };
  }
  return prior;
}

/**
 * Each coefficient as the precision-weighted mean of the series' own estimate and the prior (the
 * default one, DEFAULT_PRIOR, for a driver the prior does not know).
 */
export function shrinkDrivers(estimate: DriverEstimate, prior: DriverPrior = {}): Record<string, number> {
  return Object.fromEntries(
    estimate.names.map((name, k) => {
      const own = estimate.coefficients[k];
      const error = estimate.standardErrors[k];
      const shared = prior[name] ?? (name === 'price' ? DEFAULT_PRIOR.price : DEFAULT_PRIOR.other);
      if (!Number.isFinite(error)) return [name, shared.coefficient];
      const ownWeight = 1 / (error * error);
      const sharedWeight = 1 / shared.variance;
      return [name, (own * ownWeight + shared.coefficient * sharedWeight) / (ownWeight + sharedWeight)];
    }),
  );
}

/**
 * Forecasts a series with its drivers' history and planned values (`future`, `horizon` of each;
 * none planned: regular price and no promotion, so the forecast is the baseline).
 * `prior`: from poolDrivers over the series forecast together; without it, DEFAULT_PRIOR.
 * `estimate`: estimateDrivers of this series, when the caller made it already for the prior.
 */
export function forecastWithDrivers(
  input: DriverHistory,
  plannedInput: Readonly<Record<string, readonly number[]>> | undefined,
  options: ForecastOptions & { prior?: DriverPrior; estimate?: DriverEstimate },
): DriverForecast {
  checkDrivers(input, plannedInput, options.horizon);
  const { series, future } = expand(input, plannedInput);
  const names = Object.keys(series.drivers).sort();
  const estimate = options.estimate ?? estimateDrivers(input);
  const coefficients = shrinkDrivers(estimate, options.prior);
  const reference = Object.fromEntries(
    names.map((name) => [name, baseName(name) === 'price' ? transform(name, regularPrice(series.drivers[name])) : 0]),
  );
  // The log effect of each driver in a period, against the regular state.
  const effects = (values: (name: string) => number) => names.map((name) => coefficients[name] * (transform(name, values(name)) - reference[name]));
  const total = (parts: number[]) => parts.reduce((s, v) => s + v, 0);

  const baselineHistory = series.history.map((y, t) => Math.expm1(Math.log1p(Math.max(0, y)) - total(effects((name) => series.drivers[name][t]))));
  const base = forecastSeries(baselineHistory, options);
  const planned = Array.from({ length: options.horizon }, (_, i) => (future ? effects((name) => future[name][i]) : names.map(() => 0)));
  // A week without any effect keeps the baseline exactly (not expm1(log1p(v)), a rounding away).
  const lifted = (values: number[]) =>
    values.map((v, i) => (total(planned[i]) === 0 ? v : Math.max(0, Math.expm1(Math.log1p(Math.max(0, v)) + total(planned[i])))));
  const forecast = lifted(base.forecast);
  const lift: Record<string, number[]> = {};
  names.forEach((name, k) => {
    const share = forecast.map((f, i) => {
      const sum = total(planned[i]);
      return Math.abs(sum) < 1e-12 ? 0 : ((f - base.forecast[i]) * planned[i][k]) / sum;
    });
    const into = (lift[baseName(name)] ??= share.map(() => 0));
    share.forEach((v, i) => (into[i] += v));
  });
  return {
    ...base,
    model: `${base.model}*drivers(${Object.keys(input.drivers).sort().join('|')})`,
    forecast,
    ...ordered(forecast, { lo80: lifted(base.lo80), hi80: lifted(base.hi80), lo95: lifted(base.lo95), hi95: lifted(base.hi95) }),
    baseline: base.forecast,
    lift,
    coefficients,
  };
}
