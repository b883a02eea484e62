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

/**
 * The outliers of a weekly history: weeks whose residual from the median of their neighbours (3 on
 * each side, known weeks only) is beyond OUTLIER_THRESHOLD robust standard deviations (1.4826 ×
 * the median absolute residual). `known` weeks only: a promoted or out-of-stock week has its own
 * explanation and is neither tested nor used as a neighbour. A week whose season-ago or
 * season-ahead week stands out the same way is a recurring peak (a holiday), not an outlier.
 * Intermittent series (over 30% zero weeks) and short ones (under 13 weeks) have none.
 */
export function detectOutliers(values: readonly number[], known: (t: number) => boolean, season: number, threshold = OUTLIER_THRESHOLD): Outlier[] {
  const usable = values.map((_, t) => t).filter(known);
  if (usable.length < 13 || usable.filter((t) => values[t] === 0).length > MAX_ZERO_SHARE * usable.length) return [];
  const expected = new Map<number, number>();
  const residual = new Map<number, number>();
  for (const [k, t] of usable.entries()) {
    const around = usable.slice(Math.max(0, k - NEIGHBOURS), k + NEIGHBOURS + 1).filter((u) => u !== t);
    const fit = median(around.map((u) => values[u]));
    expected.set(t, fit);
    residual.set(t, values[t] - fit);
  }
  const residuals = [...residual.values()];
  const spread = Math.max(1.4826 * median(residuals.map((r) => Math.abs(r - median(residuals)))), 1);
  const stands = (t: number, sign: number, limit: number) => residual.has(t) && Math.sign(residual.get(t) as number) === sign && Math.abs(residual.get(t) as number) > limit * spread;
  return usable
    .filter((t) => Math.abs(residual.get(t) as number) > threshold * spread)
    .filter((t) => {
      const sign = Math.sign(residual.get(t) as number);
      return !(season > 1 && (stands(t - season, sign, threshold / 2) || stands(t + season, sign, threshold / 2)));
    })
    .map((t) => ({ index: t, value: values[t], expected: Math.max(0, expected.get(t) as number) }));
}
