import { forecastSeries } from '@tideline/forecast-engine';
import { ForecastWeek, addWeeks } from '@tideline/contracts';

/** A week of an aggregate's forecast, summed from its series (what the bounds need of it). */
export type WeekSums = Pick<ForecastWeek, 'statistical' | 'lo80' | 'hi80' | 'lo95' | 'hi95'>;

/** Weekly units from the first week with sales to `asOf`, zero where a week has none. */
export function denseWeeks(points: ReadonlyArray<{ week: string; units: number }>, asOf: string): number[] {
  const known = points.filter((p) => p.week <= asOf);
  if (known.length === 0) return [];
  const byWeek = new Map(known.map((p) => [p.week, p.units]));
  const values: number[] = [];
  for (let week = known[0].week; week <= asOf; week = addWeeks(week, 1)) values.push(byWeek.get(week) ?? 0);
  return values;
}

/**
 * Bounds of an aggregate's forecast. The point forecast is the sum of its series (so levels add
 * up), but the series' errors are neither independent (which would make the aggregate's band
 * almost vanish) nor all alike (which would add their widths). The spread that the aggregate's own
 * history shows is the measure: the engine forecasts the aggregate's weekly totals, and its band
 * widths on each side are put around the bottom-up sum. With too little history (under 3 weeks),
 * `sums` keep the bounds they came with (the series' spreads combined as independent).
 */
export function aggregateBounds<W extends WeekSums>(sums: readonly W[], history: readonly number[], season: number): W[] {
  if (history.length < 3 || sums.length === 0) return [...sums];
  const own = forecastSeries(history, { horizon: sums.length, season });
  return sums.map((w, h) => ({
    ...w,
    lo80: Math.max(0, w.statistical - (own.forecast[h] - own.lo80[h])),
    hi80: w.statistical + (own.hi80[h] - own.forecast[h]),
    lo95: Math.max(0, w.statistical - (own.forecast[h] - own.lo95[h])),
    hi95: w.statistical + (own.hi95[h] - own.forecast[h]),
  }));
}
