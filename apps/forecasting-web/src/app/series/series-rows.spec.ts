import type { ForecastSeriesView } from '@tideline/contracts';
import { chartLines, lifecycleText, weekRows } from './series-rows';

const view: ForecastSeriesView = {
  model: 'ets',
  series: 1,
  asOf: '2026-11-09',
  pattern: 'smooth',
  backtestError: 0.2,
  history: [
    { week: '2026-11-02', units: 10 },
    { week: '2026-11-09', units: 12 },
  ],
  forecast: [
    { week: '2026-11-23', statistical: 11, baseline: 8, lift: { promo: 2.5, price: 0.5, display: 0 }, final: 15, lo80: 9, hi80: 13, lo95: 8, hi95: 14 },
    { week: '2026-11-16', statistical: 11.5, baseline: 11.5, lift: {}, final: 11.5, lo80: 9.5, hi80: 13.5, lo95: 8.5, hi95: 14.5 },
  ],
  pastForecasts: [{ week: '2026-11-09', statistical: 11, final: 13 }],
};

describe('weekRows', () => {
  it('puts history, past forecasts and the forecast on one row per week, in week order', () => {
    expect(weekRows(view)).toEqual([
      { week: '2026-11-02', actual: 10, statistical: null, baseline: null, lift: null, final: null, lo80: null, hi80: null, lo95: null, hi95: null, pastFinal: null, promoted: false, censored: false, demand: null, outlier: null },
      { week: '2026-11-09', actual: 12, statistical: null, baseline: null, lift: null, final: null, lo80: null, hi80: null, lo95: null, hi95: null, pastFinal: 13, promoted: false, censored: false, demand: null, outlier: null },
      { week: '2026-11-16', actual: null, statistical: 11.5, baseline: 11.5, lift: null, final: 11.5, lo80: 9.5, hi80: 13.5, lo95: 8.5, hi95: 14.5, pastFinal: null, promoted: false, censored: false, demand: null, outlier: null },
      { week: '2026-11-23', actual: null, statistical: 11, baseline: 8, lift: 'promo +2.5, price +0.5', final: 15, lo80: 9, hi80: 13, lo95: 8, hi95: 14, pastFinal: null, promoted: false, censored: false, demand: null, outlier: null },
    ]);
  });

  it('draws gaps, not zeros, where a line has no value', () => {
    const [actual, , final, past] = chartLines(weekRows(view));
    expect(actual.values).toEqual([10, 12, null, null]);
    expect(final.values).toEqual([null, null, 11.5, 15]);
    expect(past.values).toEqual([null, 13, null, null]);
  });

  it('marks promoted weeks in the grid and draws their sales as bars of their own, only when there are some', () => {
    const promoted = { ...view, history: [{ week: '2026-11-02', units: 10 }, { week: '2026-11-09', units: 12, promoted: true }] };
    const rows = weekRows(promoted);
    expect(rows.map((r) => r.promoted)).toEqual([false, true, false, false]);
    const [bars, actual] = chartLines(rows);
    expect(bars).toMatchObject({ name: 'Promoted weeks', bars: true, values: [null, 12, null, null] });
    expect(actual.name).toBe('Actual');
    expect(chartLines(weekRows(view)).map((l) => l.name)).not.toContain('Promoted weeks');
  });

  it('draws the baseline under the forecast only when a driver moves some week', () => {
    const baseline = chartLines(weekRows(view)).find((l) => l.name === 'Baseline (no promotion)');
    expect(baseline?.values).toEqual([null, null, 11.5, 8]);
    expect(chartLines(weekRows(view)).find((l) => l.name === 'Planned driver weeks')).toMatchObject({ bars: true, values: [null, null, null, 11] });
    const plain = { ...view, forecast: view.forecast.map((f) => ({ ...f, baseline: f.statistical, lift: {} })) };
    expect(chartLines(weekRows(plain)).map((l) => l.name)).not.toContain('Baseline (no promotion)');
  });

  it('marks out-of-stock weeks with their estimated demand, drawn as bars of their own', () => {
    const short = { ...view, history: [{ week: '2026-11-02', units: 10 }, { week: '2026-11-09', units: 2, censored: true, demand: 11 }] };
    const rows = weekRows(short);
    expect(rows[1]).toMatchObject({ actual: 2, censored: true, demand: 11 });
    expect(chartLines(rows).find((l) => l.name === 'Out of stock: estimated demand')).toMatchObject({ bars: true, values: [null, 11, null, null] });
    expect(chartLines(weekRows(view)).map((l) => l.name)).not.toContain('Out of stock: estimated demand');
  });

  it('says what an outlier week teaches the forecasts', () => {
    const odd = { ...view, history: [{ week: '2026-11-02', units: 400, outlier: { expected: 11.24, status: 'proposed' as const } }, { week: '2026-11-09', units: 3, outlier: { expected: 12, status: 'rejected' as const } }] };
    expect(weekRows(odd).map((r) => r.outlier)).toEqual(['fit at 11.2 (not yet decided)', 'kept as sold (rejected)', null, null]);
  });
});

describe('lifecycleText', () => {
  it('says what a series life did to its forecast, with horizon weeks as dates', () => {
    expect(lifecycleText(undefined, '2026-11-09')).toBeNull();
    expect(lifecycleText({ reference: 'like-item P1', weight: 0.154, scale: 0.833 }, '2026-11-09')).toBe('new: forecast from like-item P1 (own history 15%, level ×0.83)');
    expect(lifecycleText({ successorOf: 'D1', activeTo: 2 }, '2026-11-09')).toBe('continues D1 · no forecast from the week of 2026-11-30');
  });
});
