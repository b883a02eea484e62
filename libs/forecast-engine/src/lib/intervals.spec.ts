import { forecastSeries } from './auto';
import { intermittentBands, normalQuantile, tQuantile } from './intervals';

const inOrder = (r: { forecast: number[]; lo80: number[]; hi80: number[]; lo95: number[]; hi95: number[] }) =>
  r.forecast.every((f, i) => r.lo95[i] <= r.lo80[i] && r.lo80[i] <= f && f <= r.hi80[i] && r.hi80[i] <= r.hi95[i]);

describe('intervals', () => {
  it('has normal and t quantiles to their published values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.3027, 3);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.2281, 2);
    expect(tQuantile(0.9, 5)).toBeCloseTo(1.4759, 2);
    expect(tQuantile(0.975, 1000)).toBeCloseTo(1.9623, 3);
  });

  it('keeps lo95 ≤ lo80 ≤ forecast ≤ hi80 ≤ hi95 on intermittent, constant and two-point histories', () => {
    const histories = [
      [0, 0, 5, 0, 0, 0, 1, 0, 0, 12, 0, 0, 0, 0, 2, 0, 0, 0, 0, 30, 0, 0, 0, 1],
      [0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0, 1],
      [7, 7, 7, 7, 7, 7, 7, 7, 7, 7],
      [3, 9],
      [5],
      [-4, -4, -4],
    ];
    for (const history of histories) {
      for (const method of ['fast', 'auto'] as const) {
        const result = forecastSeries(history, { horizon: 6, season: 4, method });
        expect(inOrder(result)).toBe(true);
      }
    }
    // The demand-size mixture alone can put its 80% quantile under a forecast a large size pulls up.
    const bands = intermittentBands([0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 50], [6, 6]);
    expect(bands.hi80.every((hi) => hi >= 6)).toBe(true);
  });

  it('never gives a zero width to a history that varies or to a constant one, and widens short histories', () => {
    for (const history of [[7, 7, 7, 7, 7, 7, 7, 7], [3, 9], [5], [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11]]) {
      const result = forecastSeries(history, { horizon: 3, season: 1 });
      result.forecast.forEach((_, i) => expect(result.hi80[i] - result.lo80[i]).toBeGreaterThan(0));
    }
    const width = (history: number[]) => {
      const r = forecastSeries(history, { horizon: 1, season: 1 });
      return (r.hi95[0] - r.lo95[0]) / (Math.max(...history) - Math.min(...history));
    };
    const long = Array.from({ length: 40 }, (_, t) => (t % 2 === 0 ? 10 : 14));
    expect(width([10, 14])).toBeGreaterThan(3 * width(long));
  });
});
