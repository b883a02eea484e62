import { HistorySeries, addWeeks } from '@tideline/contracts';
import { detectOutliers } from '@tideline/forecast-engine';

/** An analyst's decision on a week, as stored. */
export interface OutlierDecision {
  week: string;
  status: 'accepted' | 'rejected';
  expected: number;
}

/** A week a run found, to be recorded with its series. */
export interface FoundOutlier {
  week: string;
  units: number;
  expected: number;
}

/**
 * Corrects a series' history for fitting, in place: each outlier found (detectOutliers; promoted and
 * out-of-stock weeks are not tested) takes its expected value unless an analyst rejected it, and a
 * week an analyst accepted keeps its correction even when this run does not find it again.
 * Returns what this run found.
 */
export function correctOutliers(series: HistorySeries, decisions: readonly OutlierDecision[], season: number): FoundOutlier[] {
  if (!series.start || series.units.length === 0) return [];
  const start = series.start;
  const weekAt = (t: number) => addWeeks(start, t);
  const original = [...series.units];
  const found = detectOutliers(original, (t) => series.promo[t] !== 1 && series.censored?.[t] !== 1, season).map((o) => ({
    week: weekAt(o.index),
    index: o.index,
    units: o.value,
    expected: o.expected,
  }));
  const decided = new Map(decisions.map((d) => [d.week, d]));
  for (const o of found) if (decided.get(o.week)?.status !== 'rejected') series.units[o.index] = o.expected;
  for (const d of decisions) {
    if (d.status !== 'accepted' || found.some((o) => o.week === d.week)) continue;
    const t = Math.round((Date.parse(d.week) - Date.parse(start)) / (7 * 86_400_000));
    if (t >= 0 && t < series.units.length) series.units[t] = d.expected;
  }
  return found.map(({ week, units, expected }) => ({ week, units, expected }));
}
