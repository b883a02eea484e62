/**
 * Prediction intervals. A model's own formulas know only its one-step residuals: they miss the
 * uncertainty of its parameters and seasonal indices, and they trust the model. So the spread per
 * step is the model's shape (how its error variance grows with the horizon) scaled by what its
 * rolling-origin forecasts actually missed by, with the in-sample residuals as a prior; the
 * quantiles are Student's t's for the number of observations, so short histories get wide bands.
 */

export interface Bands {
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
}

/**
 * Weight of the in-sample residual spread, in backtest errors: with N errors, the squared spread
 * is (PRIOR_ERRORS·σ²_in + Σ scaled e²) / (PRIOR_ERRORS + N). Chosen on validation windows (README).
 */
export const PRIOR_ERRORS = 6;
/** How many backtest errors weigh as much as the parametric band (see halfWidths). */
export const EMPIRICAL_PRIOR = 30;
/**
 * Widening per level, chosen on the validation windows of the four non-intermittent benchmark sets
 * (README): forecasts miss by more after the history ends than in its backtest windows, and by a
 * heavier tail than the normal law's.
 */
export const CALIBRATION = { 80: 1.1, 95: 1.3 };

/** Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new RangeError('p must be in (0, 1)');
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Student's t quantile: exact for 1 and 2 degrees of freedom, the Cornish–Fisher expansion
 * (Abramowitz & Stegun 26.7.5) above, within 0.2% of the exact value from 3 on.
 */
export function tQuantile(p: number, df: number): number {
  if (df <= 1) return Math.tan(Math.PI * (p - 0.5));
  if (df <= 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/** Root mean square of the finite values, 0 when there are none. */
export function rootMeanSquare(values: readonly number[]): number {
  const usable = values.filter(Number.isFinite);
  return usable.length > 0 ? Math.sqrt(usable.reduce((s, e) => s + e * e, 0) / usable.length) : 0;
}

export interface SpreadInputs {
  /** Spread of the in-sample one-step errors. */
  inSample: number;
  /** Rolling-origin forecast errors, per origin and step, already divided by the shape of that step. */
  scaledErrors: readonly number[];
  /** A spread never below this (the history's own variation, for histories too short to tell). */
  floor: number;
  /** Observations in the history: the t quantiles' degrees of freedom are one fewer. */
  observations: number;
}

/** The spread of the step-1 error: the prior and the backtest errors together, never below the floor. */
export function calibratedSpread({ inSample, scaledErrors, floor }: Omit<SpreadInputs, 'observations'>): number {
  const usable = scaledErrors.filter(Number.isFinite);
  const squares = usable.reduce((s, e) => s + e * e, 0);
  const spread = Math.sqrt((PRIOR_ERRORS * inSample * inSample + squares) / (PRIOR_ERRORS + usable.length));
  return Math.max(spread, floor);
}

/** The q-quantile of the values (linear between order statistics). */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  return sorted[below] + (position - below) * ((sorted[below + 1] ?? sorted[below]) - sorted[below]);
}

/**
 * Half-widths of the 80% and 95% bands at the shape's step 1: the t quantile times the calibrated
 * spread, moved toward the empirical quantile of the absolute backtest errors as they accumulate
 * (real errors have heavier tails than a normal law: its 80% band is too wide for them and its 95%
 * band too narrow).
 */
export function halfWidths(inputs: SpreadInputs): Record<80 | 95, number> {
  const spread = calibratedSpread(inputs);
  const df = Math.max(1, inputs.observations - 1);
  const errors = inputs.scaledErrors.filter(Number.isFinite).map(Math.abs);
  const weight = errors.length / (errors.length + EMPIRICAL_PRIOR);
  const width = (level: 80 | 95) => {
    const parametric = tQuantile(0.5 + level / 200, df) * spread;
    const empirical = errors.length > 0 ? Math.max(quantile(errors, level / 100), inputs.floor) : parametric;
    return ((1 - weight) * parametric + weight * empirical) * CALIBRATION[level];
  };
  return { 80: width(80), 95: width(95) };
}

/**
 * Symmetric 80% and 95% bands around the forecast: each step's half-width is the step-1 half-width
 * times the step's shape. Bounds are floored at zero for a non-negative history, and always ordered
 * lo95 ≤ lo80 ≤ forecast ≤ hi80 ≤ hi95.
 */
export function bandsAround(forecast: readonly number[], shape: readonly number[], widths: Record<80 | 95, number>, nonNegative: boolean): Bands {
  const band = (level: 80 | 95, sign: 1 | -1) =>
    forecast.map((f, i) => {
      const bound = f + sign * widths[level] * shape[i];
      return nonNegative ? Math.max(0, bound) : bound;
    });
  return ordered(forecast, { lo80: band(80, -1), hi80: band(80, 1), lo95: band(95, -1), hi95: band(95, 1) });
}

/** Puts the bounds in order around the forecast, whatever rounding or clipping did to them. */
export function ordered(forecast: readonly number[], bands: Bands): Bands {
  const lo80 = forecast.map((f, i) => Math.min(f, bands.lo80[i]));
  const hi80 = forecast.map((f, i) => Math.max(f, bands.hi80[i]));
  return {
    lo80,
    hi80,
    lo95: lo80.map((lo, i) => Math.min(lo, bands.lo95[i])),
    hi95: hi80.map((hi, i) => Math.max(hi, bands.hi95[i])),
  };
}

/**
 * Intervals for intermittent demand, where a normal band clipped at zero covers far more than it
 * says (most actuals are zeros). Each period's demand is zero or one of the sizes seen so far, with
 * a probability of demand that makes the mixture's mean the forecast; the interval is one-sided,
 * from 0 to the 80% (95%) quantile of that mixture, and never below the forecast itself.
 */
export function intermittentBands(history: readonly number[], forecast: readonly number[]): Bands {
  const sizes = history.filter((y) => y > 0).sort((a, b) => a - b);
  const meanSize = sizes.reduce((s, y) => s + y, 0) / (sizes.length || 1);
  const quantile = (f: number, q: number) => {
    if (sizes.length === 0 || f <= 0) return 0;
    const p = Math.min(1, f / meanSize);
    if (q <= 1 - p) return 0;
    const position = ((q - (1 - p)) / p) * (sizes.length - 1);
    const below = Math.floor(position);
    return sizes[below] + (position - below) * ((sizes[below + 1] ?? sizes[below]) - sizes[below]);
  };
  const zeros = forecast.map(() => 0);
  return ordered(forecast, { lo80: zeros, hi80: forecast.map((f) => quantile(f, 0.8)), lo95: zeros, hi95: forecast.map((f) => quantile(f, 0.95)) });
}
