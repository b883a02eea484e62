import { SeriesLifecycleNote } from '@tideline/contracts';
import { PHASE_IN_WEEKS, SeriesForecast, activeWeeks, blendOnBaseline, cutWeeks, forecastSeries, interpolateWeeks, succeed } from '@tideline/forecast-engine';
import { SeriesForecastRow, emptyRow, toRow } from './series-forecast';
import { SeriesLifecycle } from './series-lifecycle';

export interface LifecycleInput {
  units: readonly number[];
  /** 1 for each promoted week of `units`: left out of the level a new series is compared on. */
  promo: readonly number[];
  lifecycle: SeriesLifecycle;
}

const asForecast = (row: SeriesForecastRow): SeriesForecast => ({
  model: row.model,
  params: row.params,
  pattern: row.pattern as SeriesForecast['pattern'],
  backtestError: row.backtestError,
  forecast: row.statistical,
  lo80: row.lo80,
  hi80: row.hi80,
  lo95: row.lo95,
  hi95: row.hi95,
});

/**
 * A series' forecast with its life applied (`own` makes its usual forecast, only when needed):
 * - ended before the horizon: nothing to forecast;
 * - a successor: from its own and its predecessor's history together (succeed);
 * - new (less than PHASE_IN_WEEKS of its own) with a reference: the baseline blended with the
 *   reference (phase-in), the drivers' lift of its own forecast put back on;
 * - weeks before a launch and from an end on are zero.
 */
export function forecastLifecycle(
  { units, promo, lifecycle }: LifecycleInput,
  own: () => SeriesForecastRow,
  horizon: number,
  season: number,
): { row: SeriesForecastRow; note: SeriesLifecycleNote | null } {
  const { activeFrom, activeTo, reference, predecessor } = lifecycle;
  if (activeTo <= activeFrom) return { row: emptyRow('ended', horizon), note: { ended: 'before the horizon' } };
  let row: SeriesForecastRow;
  let note: SeriesLifecycleNote | null = null;
  if (predecessor) {
    row = toRow(succeed(units, predecessor.history, predecessor.endIndex, { horizon, season }), units, horizon, season);
    note = { successorOf: predecessor.sku };
  } else {
    row = own();
    const start = reference ? reference.history.findIndex((y) => y > 0) : -1;
    if (reference && start >= 0 && units.length < PHASE_IN_WEEKS) {
      const ownForecast = units.length === 0 ? undefined : { ...asForecast(row), baseline: row.baseline };
      const referenceForecast = forecastSeries(reference.history.slice(start), { horizon, season });
      const inputs = { own: interpolateWeeks(units, promo), reference: reference.history, ownForecast, referenceForecast };
      const { baseline: blended, final } = blendOnBaseline(inputs, { profile: reference.profile });
      row = {
        ...row,
        model: blended.model,
        params: { ...row.params, ...blended.params },
        pattern: blended.pattern,
        statistical: final.forecast,
        lo80: final.lo80,
        hi80: final.hi80,
        lo95: final.lo95,
        hi95: final.hi95,
        baseline: row.baseline ? blended.forecast : null,
      };
      note = { reference: reference.kind, weight: round(blended.weight), scale: round(blended.scale) };
    }
  }
  if (activeFrom > 0 || activeTo < horizon) {
    row = activeRow(row, activeFrom, activeTo);
    note = { ...note, ...(activeFrom > 0 ? { activeFrom } : {}), ...(activeTo < horizon ? { activeTo } : {}) };
  }
  return { row, note };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Zero outside [from, to): statistical, benchmark, bands, baseline and every driver's lift. */
function activeRow(row: SeriesForecastRow, from: number, to: number): SeriesForecastRow {
  const cut = (values: readonly number[]) => cutWeeks(values, from, to);
  const { forecast, ...bands } = activeWeeks({ forecast: row.statistical, lo80: row.lo80, hi80: row.hi80, lo95: row.lo95, hi95: row.hi95 }, from, to);
  return {
    ...row,
    ...bands,
    statistical: forecast,
    naive: cut(row.naive),
    baseline: row.baseline && cut(row.baseline),
    lift: row.lift && Object.fromEntries(Object.entries(row.lift).map(([name, lift]) => [name, cut(lift)])),
  };
}
