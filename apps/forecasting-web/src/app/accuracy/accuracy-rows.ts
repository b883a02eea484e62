import type { AccuracyRow } from '@tideline/contracts';
import type { ChartLine, TableColumn } from '@tideline/ui';
import { SERIES_COLOURS } from '../series/series-rows';

export const ACCURACY_COLUMNS: TableColumn<AccuracyRow>[] = [
  { key: 'key', label: 'Name', value: (r) => r.key },
  { key: 'points', label: 'Series-weeks', value: (r) => r.points, format: 'integer' },
  { key: 'actual', label: 'Actual units', value: (r) => r.actual, format: 'integer' },
  { key: 'wapeFinal', label: 'WAPE final', value: (r) => r.final.wape, format: 'percent' },
  { key: 'wapeStatistical', label: 'WAPE statistical', value: (r) => r.statistical.wape, format: 'percent' },
  { key: 'wapeNaive', label: 'WAPE seasonal naive', value: (r) => r.seasonalNaive.wape, format: 'percent' },
  { key: 'biasFinal', label: 'Bias final', value: (r) => r.final.bias, format: 'percent' },
  { key: 'maseFinal', label: 'MASE final', value: (r) => r.final.mase, format: 'decimal' },
  { key: 'fvaStatistical', label: 'Value added: statistical over naive', value: (r) => r.valueAdded.statisticalOverNaive, format: 'decimal' },
  { key: 'fvaFinal', label: 'Value added: overrides', value: (r) => r.valueAdded.finalOverStatistical, format: 'decimal' },
];

/** WAPE of the three forecasts week by week (rows of `by=week`, keyed by the week). */
export function wapeOverTime(rows: readonly AccuracyRow[]): { weeks: string[]; lines: ChartLine[] } {
  const sorted = [...rows].sort((a, b) => a.key.localeCompare(b.key));
  return {
    weeks: sorted.map((r) => r.key),
    lines: [
      { name: 'Final', values: sorted.map((r) => r.final.wape), color: SERIES_COLOURS.final },
      { name: 'Statistical', values: sorted.map((r) => r.statistical.wape), color: SERIES_COLOURS.statistical, dashed: true },
      { name: 'Seasonal naive', values: sorted.map((r) => r.seasonalNaive.wape), color: SERIES_COLOURS.actual, dashed: true },
    ],
  };
}

export type WorklistOrder = 'worst-error' | 'overrides-hurt';

/**
 * The series to look at first: the highest final WAPE, or the overrides that made the forecast
 * worse by the most WAPE points. Series without a measure go last.
 */
export function worklist(rows: readonly AccuracyRow[], order: WorklistOrder, size = 25): AccuracyRow[] {
  const score = (r: AccuracyRow) =>
    order === 'worst-error' ? (r.final.wape ?? -Infinity) : -(r.valueAdded.finalOverStatistical ?? Infinity);
  return [...rows].sort((a, b) => score(b) - score(a)).slice(0, size);
}

/** A `series` key is "SKU @ STORE". */
export function seriesOfKey(key: string): { sku: string; store: string } | null {
  const [sku, store] = key.split(' @ ');
  return sku && store ? { sku, store } : null;
}
