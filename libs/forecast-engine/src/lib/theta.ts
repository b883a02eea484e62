import { FittedModel, levelErrorGrowth, ses, sumOfSquares } from './exponential-smoothing';
import { minimize } from './nelder-mead';

/**
 * The Theta method (Assimakopoulos & Nikolopoulos 2000) as Hyndman & Billah (2003) showed it to
 * be: simple exponential smoothing with a drift of half the slope of the linear trend of the data.
 * The M3 winner, and a benchmark of M4. `smooth` is the SES fit of the same history, when the
 * caller has it already.
 */
export function theta(history: readonly number[], smooth: FittedModel = ses(history)): FittedModel {
  const n = history.length;
  if (n < 3) throw new RangeError('Theta needs at least 3 periods of history');
  const tMean = (n - 1) / 2;
  const yMean = history.reduce((s, y) => s + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  history.forEach((y, t) => {
    covariance += (t - tMean) * (y - yMean);
    variance += (t - tMean) ** 2;
  });
  const slope = covariance / variance;
  const alpha = smooth.params.alpha;
  const level = smooth.forecast(1)[0];
  // Drift b/2 per step, plus the term that corrects SES's lag behind a trend (Hyndman & Billah, eq. 5).
  const drift = (h: number) => (slope / 2) * (h - 1 + 1 / alpha - ((1 - alpha) ** n) / alpha);
  return {
    method: 'theta',
    params: { alpha, drift: slope / 2 },
    residuals: smooth.residuals,
    forecast: (h) => Array.from({ length: h }, (_, i) => level + drift(i + 1)),
    errorGrowth: levelErrorGrowth(alpha),
  };
}

/**
 * Intercept and slope of the least-squares line through y_1 … y_t (time 1 … t), for every t: the
 * dynamic Theta models update their drift with each observation.
 */
function runningLines(history: readonly number[]): Array<{ a: number; b: number }> {
  let sumY = 0;
  let sumTY = 0;
  return history.map((y, i) => {
    const t = i + 1;
    sumY += y;
    sumTY += t * y;
    const yMean = sumY / t;
    const b = t > 1 ? (6 / (t * t - 1)) * ((2 / t) * sumTY - (1 + t) * yMean) : 0;
    return { a: yMean - ((t + 1) / 2) * b, b };
  });
}

export type ThetaKind = 'stm' | 'otm' | 'dstm' | 'dotm';

/**
 * The Theta models of Fiorucci et al. (2016), as statsforecast's AutoTheta fits them: the level
 * ℓ is smoothed with α; the one-step forecast adds (1 − 1/θ) of the trend line's part,
 * ℓ_t + (1 − 1/θ)[(1 − α)^t A + (1 − (1 − α)^(t+1))/α · B]. Standard models fix θ = 2 (the classic
 * method), optimised ones fit it (θ ≥ 1); static ones take the line of the whole history, dynamic
 * ones the line of the data so far. ℓ0, α (and θ) minimise the one-step squared errors.
 */
export function thetaModel(history: readonly number[], kind: ThetaKind): FittedModel & { mse: number } {
  const n = history.length;
  if (n < 3) throw new RangeError('Theta needs at least 3 periods of history');
  const dynamic = kind === 'dstm' || kind === 'dotm';
  const optimised = kind === 'otm' || kind === 'dotm';
  const lines = runningLines(history);
  const whole = lines[n - 1];
  const run = (level0: number, alpha: number, thetaValue: number) => {
    const weight = 1 - 1 / thetaValue;
    let level = level0;
    const residuals: number[] = [];
    for (let t = 0; t < n; t++) {
      // The line as known before y_t (the dynamic models); t counts the observations seen so far.
      const { a, b } = dynamic ? (t > 0 ? lines[t - 1] : { a: history[0], b: 0 }) : whole;
      const predicted = level + weight * ((1 - alpha) ** t * a + ((1 - (1 - alpha) ** (t + 1)) / alpha) * b);
      residuals.push(history[t] - predicted);
      level = alpha * history[t] + (1 - alpha) * level;
    }
    return { level, residuals };
  };
  const low = Math.min(...history);
  const high = Math.max(...history);
  const range = high - low || Math.abs(high) || 1;
  const objective = (x: readonly number[]) => sumOfSquares(run(x[0], x[1], optimised ? x[2] : 2).residuals);
  const start = [history[0] / 2, 0.5, ...(optimised ? [2] : [])];
  const bounds: Array<[number, number]> = [[low - range, high + range], [0.01, 0.99], ...(optimised ? [[1, 10] as [number, number]] : [])];
  const { x, value } = minimize(objective, start, bounds, { maxIterations: 300 * start.length });
  const [level0, alpha] = x;
  const thetaValue = optimised ? x[2] : 2;
  const { level, residuals } = run(level0, alpha, thetaValue);
  const { a, b } = whole;
  const weight = 1 - 1 / thetaValue;
  return {
    method: kind,
    params: { alpha, theta: thetaValue },
    residuals,
    mse: value / n,
    forecast: (h) =>
      Array.from({ length: h }, (_, i) => level + weight * ((1 - alpha) ** n * a + (i + ((1 - (1 - alpha) ** (n + 1)) / alpha)) * b)),
    errorGrowth: levelErrorGrowth(alpha),
  };
}

/** AutoTheta: the four Theta models, keeping the one with the smallest in-sample one-step MSE. */
export function autoTheta(history: readonly number[]): FittedModel {
  return (['stm', 'otm', 'dstm', 'dotm'] as const).map((kind) => thetaModel(history, kind)).reduce((a, b) => (b.mse < a.mse ? b : a));
}
