import type { ForecastSeriesView } from '@tideline/contracts';
import type { ChartBand, ChartLine, TableColumn } from '@tideline/ui';

/** One week of a selection: what sold, and what was forecast for the weeks after the actuals. */
export interface WeekRow {
  week: string;
  actual: number | null;
  statistical: number | null;
  /** The statistical forecast without promotion, price and other driver effects. */
  baseline: number | null;
  /** Each driver's lift, e.g. "promo +12.5, price +3.1" (null when no driver moves the week). */
  lift: string | null;
  final: number | null;
  lo80: number | null;
  hi80: number | null;
  lo95: number | null;
  hi95: number | null;
  /** The final forecast made one week before this week, for weeks whose actuals were measured. */
  pastFinal: number | null;
  /** A week whose sales were promoted (a single series' history says so). */
  promoted: boolean;
  /** Out of stock: the sales understate demand; `demand` is the estimate the forecasts learn from. */
  censored: boolean;
  demand: number | null;
  /** An outlier week: what the forecasts learn from it, e.g. "fit at 51.2 (not yet decided)" or "kept (rejected)". */
  outlier: string | null;
}

/** History then forecast, one row per week in week order; a week in both keeps its actual and its forecast. */
export function weekRows(view: ForecastSeriesView): WeekRow[] {
  const rows = new Map<string, WeekRow>();
  const row = (week: string): WeekRow => {
    let found = rows.get(week);
    if (!found) {
      found = { week, actual: null, statistical: null, baseline: null, lift: null, final: null, lo80: null, hi80: null, lo95: null, hi95: null, pastFinal: null, promoted: false, censored: false, demand: null, outlier: null };
      rows.set(week, found);
    }
    return found;
  };
  for (const point of view.history) {
    Object.assign(row(point.week), {
      actual: point.units,
      promoted: point.promoted === true,
      censored: point.censored === true,
      demand: point.demand ?? null,
      outlier: point.outlier ? outlierText(point.outlier) : null,
    });
  }
  for (const f of view.forecast) Object.assign(row(f.week), { ...f, lift: liftText(f.lift) });
  for (const past of view.pastForecasts ?? []) row(past.week).pastFinal = past.final;
  return [...rows.values()].sort((a, b) => a.week.localeCompare(b.week));
}

const outlierText = ({ expected, status }: { expected: number; status: string }) =>
  status === 'rejected' ? 'kept as sold (rejected)' : `fit at ${expected.toFixed(1)} (${status === 'accepted' ? 'accepted' : 'not yet decided'})`;

/** What a series' life did to its forecast, in words (null when nothing). */
export function lifecycleText(note: Record<string, string | number> | undefined, asOf: string | null): string | null {
  if (!note) return null;
  const parts: string[] = [];
  if (note['ended']) parts.push('ended: no forecast');
  if (note['reference']) parts.push(`new: forecast from ${note['reference']} (own history ${Math.round(Number(note['weight']) * 100)}%, level ×${Number(note['scale']).toFixed(2)})`);
  if (note['successorOf']) parts.push(`continues ${note['successorOf']}`);
  const week = (h: string | number) => (asOf ? new Date(Date.parse(asOf) + (Number(h) + 1) * 7 * 86_400_000).toISOString().slice(0, 10) : `week ${Number(h) + 1}`);
  if (note['activeFrom'] !== undefined) parts.push(`launches in the week of ${week(note['activeFrom'])}`);
  if (note['activeTo'] !== undefined) parts.push(`no forecast from the week of ${week(note['activeTo'])}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;

/** The drivers that move a week, largest first; null when none does. */
function liftText(lift: Record<string, number> | undefined): string | null {
  const moving = Object.entries(lift ?? {}).filter(([, v]) => Math.abs(v) >= 0.05);
  return moving.length === 0 ? null : moving.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).map(([name, v]) => `${name} ${signed(v)}`).join(', ');
}

export const isForecastWeek = (row: WeekRow) => row.final !== null;

export const WEEK_COLUMNS: TableColumn<WeekRow>[] = [
  { key: 'week', label: 'Week', value: (r) => r.week },
  { key: 'actual', label: 'Actual', value: (r) => r.actual, format: 'integer' },
  { key: 'promoted', label: 'Promoted', value: (r) => (r.promoted ? 'yes' : null) },
  { key: 'censored', label: 'Out of stock', value: (r) => (r.censored ? 'yes' : null) },
  { key: 'demand', label: 'Demand (est.)', value: (r) => r.demand, format: 'decimal' },
  { key: 'outlier', label: 'Outlier', value: (r) => r.outlier },
  { key: 'pastFinal', label: 'Forecast 1 week before', value: (r) => r.pastFinal, format: 'decimal' },
  { key: 'statistical', label: 'Statistical', value: (r) => r.statistical, format: 'decimal' },
  { key: 'baseline', label: 'Baseline', value: (r) => r.baseline, format: 'decimal' },
  { key: 'lift', label: 'Lift by driver', value: (r) => r.lift },
  { key: 'final', label: 'Final', value: (r) => r.final, format: 'decimal' },
  { key: 'lo80', label: '80% low', value: (r) => r.lo80, format: 'decimal' },
  { key: 'hi80', label: '80% high', value: (r) => r.hi80, format: 'decimal' },
  { key: 'lo95', label: '95% low', value: (r) => r.lo95, format: 'decimal' },
  { key: 'hi95', label: '95% high', value: (r) => r.hi95, format: 'decimal' },
];

// Colours that keep a 3:1 contrast on white and stay apart for the common colour-vision deficiencies.
export const SERIES_COLOURS = { actual: '#455a64', statistical: '#ef6c00', final: '#1565c0', band: '#1e88e5', past: '#8e24aa', promoted: '#c62828', baseline: '#2e7d32', planned: '#ad1457', demand: '#6d4c41' };

/**
 * The lines of the chart; promoted weeks' sales are drawn again as bars of their own colour, so is
 * the estimated demand of out-of-stock weeks, and so are the forecast weeks that a driver moves,
 * with the baseline under them, when there are any.
 */
export function chartLines(rows: readonly WeekRow[]): ChartLine[] {
  const promoted: ChartLine[] = rows.some((r) => r.promoted)
    ? [{ name: 'Promoted weeks', values: rows.map((r) => (r.promoted ? r.actual : null)), color: SERIES_COLOURS.promoted, bars: true }]
    : [];
  // Weeks a driver moves (a planned promotion, price or event): their forecast drawn again as bars, and the baseline under it.
  const baseline: ChartLine[] = rows.some((r) => r.lift !== null)
    ? [
        { name: 'Planned driver weeks', values: rows.map((r) => (r.lift !== null ? r.statistical : null)), color: SERIES_COLOURS.planned, bars: true },
        { name: 'Baseline (no promotion)', values: rows.map((r) => r.baseline), color: SERIES_COLOURS.baseline, dashed: true },
      ]
    : [];
  const lostDemand: ChartLine[] = rows.some((r) => r.censored)
    ? [{ name: 'Out of stock: estimated demand', values: rows.map((r) => (r.censored ? r.demand : null)), color: SERIES_COLOURS.demand, bars: true }]
    : [];
  return [
    ...promoted,
    ...lostDemand,
    { name: 'Actual', values: rows.map((r) => r.actual), color: SERIES_COLOURS.actual },
    { name: 'Statistical', values: rows.map((r) => r.statistical), color: SERIES_COLOURS.statistical, dashed: true },
    { name: 'Final', values: rows.map((r) => r.final), color: SERIES_COLOURS.final },
    { name: 'Forecast 1 week before', values: rows.map((r) => r.pastFinal), color: SERIES_COLOURS.past, dashed: true },
    ...baseline,
  ];
}

export function chartBands(rows: readonly WeekRow[]): ChartBand[] {
  return [
    { name: '95% interval', lo: rows.map((r) => r.lo95), hi: rows.map((r) => r.hi95), color: SERIES_COLOURS.band, opacity: 0.12 },
    { name: '80% interval', lo: rows.map((r) => r.lo80), hi: rows.map((r) => r.hi80), color: SERIES_COLOURS.band, opacity: 0.22 },
  ];
}
