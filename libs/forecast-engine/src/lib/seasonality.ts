/**
 * Seasonality as the M4 organisers' benchmarks treat it: a 90% autocorrelation test at lag m,
 * then classical multiplicative decomposition (indices from the ratio to a centred moving
 * average), or additive when the series is not strictly positive.
 */

function autocorrelation(x: readonly number[], lag: number): number {
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  let denominator = 0;
  for (const v of x) denominator += (v - mean) ** 2;
  if (denominator === 0) return 0;
  let numerator = 0;
  for (let t = lag; t < n; t++) numerator += (x[t] - mean) * (x[t - lag] - mean);
  return numerator / denominator;
}

/** True when the lag-m autocorrelation is significant at 90% (two-sided, Bartlett's variance). */
export function isSeasonal(x: readonly number[], m: number): boolean {
  if (m <= 1 || x.length < 3 * m) return false;
  let sumSquares = 0;
  for (let k = 1; k < m; k++) sumSquares += autocorrelation(x, k) ** 2;
  const limit = 1.645 * Math.sqrt((1 + 2 * sumSquares) / x.length);
  return Math.abs(autocorrelation(x, m)) > limit;
}

export interface SeasonalIndices {
  kind: 'multiplicative' | 'additive';
  /** Index per position in the season, position 0 = the first period of the history. */
  indices: number[];
}

/** Centred moving average of order m (2×m for even m); undefined where the window does not fit. */
function centredMovingAverage(x: readonly number[], m: number): Array<number | undefined> {
  const half = Math.floor(m / 2);
  return x.map((_, t) => {
    if (t - half < 0 || t + half >= x.length) return undefined;
    if (m % 2 === 1) {
      let sum = 0;
      for (let i = t - half; i <= t + half; i++) sum += x[i];
      return sum / m;
    }
    let sum = (x[t - half] + x[t + half]) / 2;
    for (let i = t - half + 1; i < t + half; i++) sum += x[i];
    return sum / m;
  });
}

export function seasonalIndices(x: readonly number[], m: number, kind: SeasonalIndices['kind'] = x.every((v) => v > 0) ? 'multiplicative' : 'additive'): SeasonalIndices {
  const trend = centredMovingAverage(x, m);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  x.forEach((v, t) => {
    const level = trend[t];
    if (level === undefined || (kind === 'multiplicative' && level === 0)) return;
    sums[t % m] += kind === 'multiplicative' ? v / level : v - level;
    counts[t % m]++;
  });
  const raw = sums.map((s, i) => (counts[i] > 0 ? s / counts[i] : kind === 'multiplicative' ? 1 : 0));
  const centre = raw.reduce((s, v) => s + v, 0) / m;
  return { kind, indices: raw.map((v) => (kind === 'multiplicative' ? v / centre : v - centre)) };
}

export function deseasonalize(x: readonly number[], s: SeasonalIndices): number[] {
  const m = s.indices.length;
  return x.map((v, t) => (s.kind === 'multiplicative' ? v / s.indices[t % m] : v - s.indices[t % m]));
}

/** Puts the season back on forecasts that continue a history of `n` periods. */
export function reseasonalize(forecast: readonly number[], s: SeasonalIndices, n: number): number[] {
  const m = s.indices.length;
  return forecast.map((f, i) => (s.kind === 'multiplicative' ? f * s.indices[(n + i) % m] : f + s.indices[(n + i) % m]));
}
