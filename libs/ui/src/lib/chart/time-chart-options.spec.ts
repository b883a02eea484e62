import { timeChartOptions } from './time-chart-options';

type Series = { name: string; type: string; stack?: string; data: (number | null)[] };

describe('timeChartOptions', () => {
  const weeks = ['2026-11-02', '2026-11-09', '2026-11-16'];

  it('shades a band between its two lines: a base at the low line and the width stacked on it', () => {
    const options = timeChartOptions(
      weeks,
      [{ name: 'Final', values: [null, 10.04, 12], color: '#000' }],
      [{ name: '80%', lo: [null, 8, 9.5], hi: [null, 12, 15.25], color: '#00f', opacity: 0.3 }],
    );
    const series = options['series'] as Series[];
    expect(series.map((s) => [s.name, s.type, s.stack ?? null, s.data])).toEqual([
      ['80%', 'line', '80%', [null, 8, 9.5]],
      ['80%', 'line', '80%', [null, 4, 5.8]],
      ['Final', 'line', null, [null, 10, 12]],
    ]);
  });

  it('marks the points of a sparse line, which would otherwise draw nothing between its gaps', () => {
    const long = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const options = timeChartOptions(long, [
      { name: 'Actual', values: long.map(() => 5), color: '#000' },
      { name: 'Past', values: long.map((_, i) => (i === 150 ? 4 : null)), color: '#111' },
    ]);
    expect((options['series'] as Array<{ symbol: string }>).map((s) => s.symbol)).toEqual(['none', 'circle']);
  });

  it('opens a long history on its last two years, with the rest a zoom away', () => {
    const long = Array.from({ length: 208 }, (_, i) => `w${i}`);
    const zoom = timeChartOptions(long, [{ name: 'Actual', values: long.map(() => 1), color: '#000', bars: true }])['dataZoom'];
    expect(zoom).toEqual([
      { type: 'inside', start: 50, end: 100 },
      { type: 'slider', start: 50, end: 100, bottom: 16 },
    ]);
    expect((timeChartOptions(weeks, [])['dataZoom'] as Array<{ start: number }>)[0].start).toBe(0);
  });
});
