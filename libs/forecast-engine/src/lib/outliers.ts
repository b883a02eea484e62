/**
 * Robust z above which a week is an outlier: its distance from the median of its neighbourhood, in
 * units of the series' scaled median absolute deviation. High on purpose: a correction changes what
 * the model learns, so only weeks far outside the series' own noise are corrected.
 */
export const OUTLIER_THRESHOLD = 5;
/** Weeks on either side of a week whose median is what the week is expected to be. */
const NEIGHBOURS = 3;
/** Series with more zero weeks than this share are intermittent: their spikes are their demand. */
const MAX_ZERO_SHARE = 0.3;

export interface Outlier {
  /** Index of the week in the history. */
  index: number;
  value: number;
  /** What the week is taken to be instead: the median of its neighbourhood. */
  expected: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median of the first `count` values of `window`, sorted in place (a handful: insertion sort). */
function smallMedian(window: Float64Array, count: number): number {
  for (let i = 1; i < count; i++) {
    const v = window[i];
    let j = i - 1;
    while (j >= 0 && window[j] > v) window[j + 1] = window[j--];
    window[j + 1] = v;
  }
  const mid = count >> 1;
  return count % 2 ? window[mid] : (window[mid - 1] + window[mid]) / 2;
}

/**
 * The outliers of a weekly history: weeks whose residual from the median of their neighbours (3 on
 * each side, known weeks only) is beyond OUTLIER_THRESHOLD robust standard deviations (1.4826 ×
 * the median absolute residual). `known` weeks only: a promoted or out-of-stock week has its own
 * explanation and is neither tested nor used as a neighbour. A week whose season-ago or
 * season-ahead week stands out the same way is a recurring peak (a holiday), not an outlier.
 * Intermittent series (over 30% zero weeks) and short ones (under 13 weeks) have none.
 * It runs on every series of every run, so it allocates little (a few µs a series).
 */
export function detectOutliers(values: readonly number[], known: (t: number) => boolean, season: number, threshold = OUTLIER_THRESHOLD): Outlier[] {
  const usable: number[] = [];
  let zeros = 0;
  for (let t = 0; t < values.length; t++) {
    if (!known(t)) continue;
    usable.push(t);
    if (values[t] === 0) zeros++;
  }
  if (usable.length < 13 || zeros > MAX_ZERO_SHARE * usable.length) return [];
  const expected = new Float64Array(usable.length);
  const residual = new Float64Array(usable.length);
  const window = new Float64Array(2 * NEIGHBOURS);
  for (let k = 0; k < usable.length; k++) {
    let count = 0;
    for (let j = Math.max(0, k - NEIGHBOURS); j <= Math.min(usable.length - 1, k + NEIGHBOURS); j++) if (j !== k) window[count++] = values[usable[j]];
    expected[k] = smallMedian(window, count);
    residual[k] = values[usable[k]] - expected[k];
  }
  const centre = median(Array.from(residual));
  const spread = Math.max(1.4826 * median(Array.from(residual, (r) => Math.abs(r - centre))), 1);
  const position = new Map(usable.map((t, k) => [t, k]));
  const stands = (t: number, sign: number, limit: number) => {
    const k = position.get(t);
    return k !== undefined && Math.sign(residual[k]) === sign && Math.abs(residual[k]) > limit * spread;
  };
  const found: Outlier[] = [];
  for (let k = 0; k < usable.length; k++) {
    if (Math.abs(residual[k]) <= threshold * spread) continue;
    const t = usable[k];
    const sign = Math.sign(residual[k]);
    if (season > 1 && (stands(t - season, sign, threshold / 2) || stands(t + season, sign, threshold / 2))) continue;
    found.push({ index: t, value: values[t], expected: Math.max(0, expected[k]) });
  }
  return found;
}
