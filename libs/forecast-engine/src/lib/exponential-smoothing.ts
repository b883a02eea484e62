import { minimize } from './nelder-mead';

/** A fitted model: its parameters, in-sample one-step errors, and point forecasts from the end of the data. */
export interface FittedModel {
  method: string;
  params: Record<string, number>;
  /** One-step-ahead in-sample errors (actual − fitted), from the second period on. */
  residuals: number[];
  forecast(horizon: number): number[];
  /**
   * Variance of the h-step-ahead error as a multiple of the one-step variance: 1 + Σ c_j² for
   * j < h, with c_j from the model's state equations (Hyndman et al. 2008, table 6.1, class 1).
   */
  errorGrowth(h: number): number;
}

/** 1 + (h − 1)c²: the error growth of a level smoothed with weight c (SES, and the methods built on it). */
export const levelErrorGrowth = (c: number) => (h: number) => 1 + (h - 1) * c * c;

export const sumOfSquares = (values: readonly number[]) => values.reduce((s, v) => s + v * v, 0);

function requireHistory(history: readonly number[], min: number, method: string): void {
  if (history.length < min) throw new RangeError(`${method} needs at least ${min} periods of history`);
  if (!history.every(Number.isFinite)) throw new RangeError('history holds a value that is not a finite number');
}

/** Naive: every future period repeats the last value. */
export function naive(history: readonly number[]): FittedModel {
  requireHistory(history, 1, 'naive');
  const last = history[history.length - 1];
  return {
    method: 'naive',
    params: {},
    residuals: history.slice(1).map((y, t) => y - history[t]),
    forecast: (h) => Array.from({ length: h }, () => last),
    errorGrowth: (h) => h,
  };
}

/** Moving average of the last `window` periods, flat into the future. */
export function movingAverage(history: readonly number[], window: number): FittedModel {
  requireHistory(history, 1, 'moving average');
  const k = Math.min(window, history.length);
  const average = (end: number) => {
    const from = Math.max(0, end - k);
    return history.slice(from, end).reduce((s, y) => s + y, 0) / (end - from);
  };
  const level = average(history.length);
  return {
    method: 'moving_average',
    params: { window: k },
    residuals: history.slice(1).map((y, i) => y - average(i + 1)),
    forecast: (h) => Array.from({ length: h }, () => level),
    errorGrowth: levelErrorGrowth(1 / k),
  };
}

/** Damped trend sum φ + φ² + … + φ^h (h when φ = 1). */
function dampedSteps(phi: number, h: number): number {
  return phi === 1 ? h : (phi * (1 - phi ** h)) / (1 - phi);
}

/**
 * Holt's linear method with an optional damped trend, in error-correction form; with `trend`
 * false it is simple exponential smoothing. Starting level and trend come from the first periods
 * (Hyndman et al. 2008, section 2.6, the simple heuristic).
 */
function holtRecursion(history: readonly number[], alpha: number, beta: number, phi: number, trend: boolean) {
  let level = history[0];
  let slope = trend && history.length > 1 ? history[1] - history[0] : 0;
  const residuals: number[] = [];
  for (let t = 1; t < history.length; t++) {
    const predicted = level + phi * slope;
    const error = history[t] - predicted;
    residuals.push(error);
    level = predicted + alpha * error;
    if (trend) slope = phi * slope + alpha * beta * error;
  }
  return { level, slope, residuals };
}

/** Simple exponential smoothing, α fitted by least squares of the one-step errors. */
export function ses(history: readonly number[]): FittedModel {
  requireHistory(history, 2, 'simple exponential smoothing');
  const { x } = minimize(([alpha]) => sumOfSquares(holtRecursion(history, alpha, 0, 1, false).residuals), [0.3], [[0.0001, 0.9999]]);
  const { level, residuals } = holtRecursion(history, x[0], 0, 1, false);
  return {
    method: 'ses',
    params: { alpha: x[0] },
    residuals,
    forecast: (h) => Array.from({ length: h }, () => level),
    errorGrowth: levelErrorGrowth(x[0]),
  };
}

/** Holt's linear trend, damped (φ fitted in [0.8, 0.98], as in R's forecast::holt) unless `damped` is false. */
export function holt(history: readonly number[], damped = true): FittedModel {
  requireHistory(history, 3, 'Holt');
  const phiBounds: [number, number] = damped ? [0.8, 0.98] : [1, 1];
  // β is fitted as a share of α (β* = αβ ≤ α), which keeps every point of the box admissible.
  const { x } = minimize(
    ([alpha, beta, phi]) => sumOfSquares(holtRecursion(history, alpha, beta, phi, true).residuals),
    [0.3, 0.1, damped ? 0.9 : 1],
    [[0.0001, 0.9999], [0.0001, 0.9999], phiBounds],
  );
  const [alpha, beta, phi] = x;
  const { level, slope, residuals } = holtRecursion(history, alpha, beta, phi, true);
  return {
    method: damped ? 'holt_damped' : 'holt',
    params: damped ? { alpha, beta: alpha * beta, phi } : { alpha, beta: alpha * beta },
    residuals,
    forecast: (h) => Array.from({ length: h }, (_, i) => level + dampedSteps(phi, i + 1) * slope),
    // c_j = α + β·(φ + … + φ^j), with β the slope's own smoothing weight (αβ* here).
    errorGrowth: (h) => {
      let growth = 1;
      for (let j = 1; j < h; j++) growth += (alpha + alpha * beta * dampedSteps(phi, j)) ** 2;
      return growth;
    },
  };
}
