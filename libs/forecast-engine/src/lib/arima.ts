import { FittedModel } from './exponential-smoothing';
import { minimize } from './nelder-mead';
import { stlSeasonalStrength } from './stl';

/** The orders of a seasonal ARIMA(p,d,q)(P,D,Q)m model, and whether it has a constant (mean or drift). */
export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  constant: boolean;
}

export interface FittedArima extends FittedModel {
  order: ArimaOrder;
  aicc: number;
  /** The whole AR and MA polynomials of the differenced series (seasonal terms multiplied in), and its mean. */
  coefficients: Coefficients;
}

export const arimaName = ({ p, d, q, P, D, Q, constant }: ArimaOrder, m: number) =>
  `arima(${p}${d}${q})` + (P + D + Q > 0 ? `(${P}${D}${Q})${m}` : '') + (constant ? (d + D === 0 ? '+mean' : '+drift') : '');

/** Coefficients of the product of two polynomials given as [1, c1, c2, …]. */
function multiply(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  a.forEach((x, i) => b.forEach((y, j) => (out[i + j] += x * y)));
  return out;
}

/** 1 − c1·B^lag − c2·B^2lag − …, as coefficients [1, 0, …]. */
function lagPolynomial(coefficients: readonly number[], lag: number, sign: 1 | -1): number[] {
  const out = new Array<number>(coefficients.length * lag + 1).fill(0);
  out[0] = 1;
  coefficients.forEach((c, i) => (out[(i + 1) * lag] = sign * c));
  return out;
}

/** The differencing operator (1 − B)^d (1 − B^m)^D. */
function differencing(d: number, D: number, m: number): number[] {
  let poly = [1];
  for (let i = 0; i < d; i++) poly = multiply(poly, [1, -1]);
  for (let i = 0; i < D; i++) poly = multiply(poly, lagPolynomial([1], m, -1));
  return poly;
}

function applyPolynomial(poly: readonly number[], y: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = poly.length - 1; t < y.length; t++) {
    let v = 0;
    for (let i = 0; i < poly.length; i++) v += poly[i] * y[t - i];
    out.push(v);
  }
  return out;
}

/**
 * Maps unconstrained values to the coefficients of a stationary AR (or invertible MA) polynomial:
 * tanh gives partial autocorrelations in (−1, 1), Durbin–Levinson turns them into coefficients
 * (Jones 1980; what R's arima() does with transform.pars). Every point the optimiser tries is admissible.
 */
function toStationary(raw: readonly number[]): number[] {
  const partial = raw.map((v) => Math.tanh(v));
  const phi: number[] = [];
  for (let k = 0; k < partial.length; k++) {
    const previous = [...phi];
    phi.push(partial[k]);
    for (let j = 0; j < k; j++) phi[j] = previous[j] - partial[k] * previous[k - 1 - j];
  }
  return phi;
}

export interface Coefficients {
  ar: number[];
  ma: number[];
  mean: number;
}

/** The whole AR and MA polynomials of the stationary part, seasonal terms multiplied in. */
function expand(order: ArimaOrder, m: number, x: readonly number[]): Coefficients {
  let i = 0;
  const take = (k: number) => x.slice(i, (i += k));
  const ar = toStationary(take(order.p));
  const sar = toStationary(take(order.P));
  const ma = toStationary(take(order.q));
  const sma = toStationary(take(order.Q));
  const mean = order.constant ? x[i] : 0;
  const arPoly = multiply(lagPolynomial(ar, 1, -1), lagPolynomial(sar, m, -1));
  // θ = −(a stationary AR's coefficients) is an invertible MA.
  const maPoly = multiply(lagPolynomial(ma, 1, -1), lagPolynomial(sma, m, -1));
  return { ar: arPoly.slice(1).map((c) => -c), ma: maPoly.slice(1), mean };
}

/**
 * One-step errors of the ARMA part on the differenced series, conditional on zero deviations and
 * errors before the start (conditional sum of squares over every differenced observation, so that
 * every order of the same differencing is scored on the same data).
 */
function residualsOf(w: readonly number[], { ar, ma, mean }: Coefficients): number[] {
  const e = new Array<number>(w.length).fill(0);
  for (let t = 0; t < w.length; t++) {
    let predicted = 0;
    for (let i = 0; i < ar.length && i < t; i++) predicted += ar[i] * (w[t - 1 - i] - mean);
    for (let j = 0; j < ma.length && j < t; j++) predicted += ma[j] * e[t - 1 - j];
    e[t] = w[t] - mean - predicted;
  }
  return e;
}

/** ψ weights of y's h-step errors: the MA(∞) form of the whole model, differencing included. */
function psiWeights(coefficients: Coefficients, diff: readonly number[], h: number): number[] {
  const ar = multiply([1, ...coefficients.ar.map((c) => -c)], diff).slice(1).map((c) => -c);
  const psi = [1];
  for (let j = 1; j < h; j++) {
    let v = coefficients.ma[j - 1] ?? 0;
    for (let i = 0; i < ar.length && i < j; i++) v += ar[i] * psi[j - 1 - i];
    psi.push(v);
  }
  return psi;
}

/** Fits one ARIMA order by conditional sum of squares; null when the data are too short for it. */
export function arima(history: readonly number[], order: ArimaOrder, m = 1): FittedArima | null {
  const diff = differencing(order.d, order.D, m);
  const w = applyPolynomial(diff, history);
  const k = order.p + order.q + order.P + order.Q + (order.constant ? 1 : 0);
  if (w.length < Math.max(3, k + 3)) return null;
  const wMean = w.reduce((s, v) => s + v, 0) / w.length;
  const sse = (x: readonly number[]) => residualsOf(w, expand(order, m, x)).reduce((s, e) => s + e * e, 0);
  const spread = Math.sqrt(w.reduce((s, v) => s + (v - wMean) ** 2, 0) / w.length) || Math.abs(wMean) || 1;
  const start = [...new Array<number>(k - (order.constant ? 1 : 0)).fill(0), ...(order.constant ? [wMean] : [])];
  const bounds: Array<[number, number]> = start.map((_, i) => (order.constant && i === k - 1 ? [wMean - 3 * spread, wMean + 3 * spread] : [-3, 3]));
  const { x } = k === 0 ? { x: [] } : minimize(sse, start, bounds, { maxIterations: 200 * k });
  const coefficients = expand(order, m, x);
  const residuals = residualsOf(w, coefficients);
  const n = w.length;
  const sigma2 = residuals.reduce((s, e) => s + e * e, 0) / n;
  if (!(sigma2 > 0)) return null;
  // Parameters: the coefficients, the constant and the error variance (as R's auto.arima counts them).
  const parameters = k + 1;
  const aicc = n * Math.log(sigma2) + 2 * parameters + (n - parameters - 1 > 0 ? (2 * parameters * (parameters + 1)) / (n - parameters - 1) : Infinity);
  const forecast = (h: number) => {
    const wAll = [...w];
    const eAll = [...residuals];
    for (let i = 0; i < h; i++) {
      const t = wAll.length;
      let v = coefficients.mean;
      coefficients.ar.forEach((c, j) => (v += c * ((wAll[t - 1 - j] ?? coefficients.mean) - coefficients.mean)));
      coefficients.ma.forEach((c, j) => (v += c * (eAll[t - 1 - j] ?? 0)));
      wAll.push(v);
      eAll.push(0);
    }
    // Undo the differencing: y_t = w_t − (diff_1·y_{t−1} + diff_2·y_{t−2} + …).
    const y = [...history];
    for (let i = 0; i < h; i++) {
      const t = y.length;
      let v = wAll[w.length + i];
      for (let j = 1; j < diff.length; j++) v -= diff[j] * y[t - j];
      y.push(v);
    }
    return y.slice(history.length);
  };
  return {
    method: arimaName(order, m),
    order,
    aicc,
    coefficients,
    params: Object.fromEntries(x.map((v, i) => [`x${i}`, v])),
    residuals,
    forecast,
    errorGrowth: (h) => psiWeights(coefficients, diff, h).reduce((s, v) => s + v * v, 0),
  };
}

/**
 * KPSS level-stationarity statistic (Kwiatkowski et al. 1992) with the Newey–West long-run variance
 * and the lag R's ndiffs() gives urca's ur.kpss(), trunc(3√n / 13).
 */
export function kpss(y: readonly number[]): number {
  const n = y.length;
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const e = y.map((v) => v - mean);
  let partial = 0;
  let sumSquares = 0;
  for (const v of e) {
    partial += v;
    sumSquares += partial * partial;
  }
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  let variance = e.reduce((s, v) => s + v * v, 0) / n;
  for (let l = 1; l <= lags; l++) {
    let covariance = 0;
    for (let t = l; t < n; t++) covariance += e[t] * e[t - l];
    variance += (2 * (1 - l / (lags + 1)) * covariance) / n;
  }
  return variance > 0 ? sumSquares / (n * n * variance) : 0;
}

/** First differences needed for stationarity: KPSS at 5% (critical value 0.463), at most 2, as R's ndiffs(). */
export function differencesNeeded(y: readonly number[]): number {
  let series = [...y];
  for (let d = 0; d < 2; d++) {
    if (series.length < 4 || series.every((v) => v === series[0]) || kpss(series) < 0.463) return d;
    series = series.slice(1).map((v, t) => v - series[t]);
  }
  return 2;
}

/**
 * Seasonal differences needed: one when STL's seasonal strength is above 0.64 (R's and
 * statsforecast's "seas" test). A classical decomposition instead put the season into noise: on
 * the first 400 M3 monthly validation series it asked for a difference 138 times, R 51 times.
 */
export function seasonalDifferencesNeeded(y: readonly number[], m: number): number {
  return m > 1 && y.length >= 2 * m + 2 && stlSeasonalStrength(y, m) > 0.64 ? 1 : 0;
}

const LIMITS = { p: 5, q: 5, P: 2, Q: 2, order: 5 };

/**
 * Automatic ARIMA the Hyndman–Khandakar way (R's auto.arima, stepwise): the differencing from unit
 * root and seasonality tests, then a stepwise search over the orders from four starting models,
 * each step trying every neighbour (p, q, P, Q by ±1; p and q, or P and Q, moved by ±1 together in
 * the same or opposite directions, as R's; the constant on or off) and moving to the best by AICc
 * until none improves. The opposite moves took validation MASE of ARIMA alone from 1.158 to 1.154
 * (quarterly), 0.985 to 0.983 (monthly) and 2.023 to 2.014 (other).
 */
export function autoArima(history: readonly number[], m = 1): FittedArima | null {
  const seasonal = m > 1 && history.length >= 2 * m + 3;
  const D = seasonal ? seasonalDifferencesNeeded(history, m) : 0;
  const afterSeasonal = D === 1 ? history.slice(m).map((v, t) => v - history[t]) : [...history];
  const d = differencesNeeded(afterSeasonal);
  const allowConstant = d + D <= 1;
  const fits = new Map<string, FittedArima | null>();
  const fit = (order: ArimaOrder) => {
    const key = JSON.stringify(order);
    if (!fits.has(key)) fits.set(key, arima(history, order, m));
    return fits.get(key) ?? null;
  };
  const admissible = (o: ArimaOrder) =>
    o.p >= 0 && o.q >= 0 && o.P >= 0 && o.Q >= 0 && o.p <= LIMITS.p && o.q <= LIMITS.q && o.P <= LIMITS.P && o.Q <= LIMITS.Q &&
    o.p + o.q + o.P + o.Q <= LIMITS.order && (seasonal || o.P + o.Q === 0) && (allowConstant || !o.constant);
  const base = { d, D, constant: allowConstant };
  const starts: ArimaOrder[] = [
    { ...base, p: 2, q: 2, P: 1, Q: 1 },
    { ...base, p: 0, q: 0, P: 0, Q: 0 },
    { ...base, p: 1, q: 0, P: 1, Q: 0 },
    { ...base, p: 0, q: 1, P: 0, Q: 1 },
  ].map((o) => (seasonal ? o : { ...o, P: 0, Q: 0 }));
  let best: FittedArima | null = null;
  for (const order of starts) {
    const f = admissible(order) ? fit(order) : null;
    if (f && (!best || f.aicc < best.aicc)) best = f;
  }
  if (!best) return null;
  for (let step = 0; step < 94; step++) {
    const o = best.order;
    const neighbours: ArimaOrder[] = [
      ...[-1, 1].flatMap((s) => [
        { ...o, p: o.p + s },
        { ...o, q: o.q + s },
        { ...o, P: o.P + s },
        { ...o, Q: o.Q + s },
        { ...o, p: o.p + s, q: o.q + s },
        { ...o, P: o.P + s, Q: o.Q + s },
        { ...o, p: o.p + s, q: o.q - s },
        { ...o, P: o.P + s, Q: o.Q - s },
      ]),
      { ...o, constant: !o.constant },
    ];
    let improved = false;
    for (const order of neighbours) {
      if (!admissible(order)) continue;
      const f = fit(order);
      if (f && f.aicc < (best as FittedArima).aicc - 1e-9) {
        best = f;
        improved = true;
      }
    }
    if (!improved) break;
  }
  return best;
}
