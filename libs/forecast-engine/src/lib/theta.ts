import { FittedModel, levelErrorGrowth, ses } from './exponential-smoothing';

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
