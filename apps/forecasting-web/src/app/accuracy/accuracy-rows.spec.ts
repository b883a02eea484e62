import type { AccuracyRow, ErrorMeasures } from '@tideline/contracts';
import { seriesOfKey, wapeOverTime, worklist } from './accuracy-rows';

const m = (wape: number | null): ErrorMeasures => ({ wape, bias: 0, mase: 1 });
const row = (key: string, finalWape: number | null, statWape: number | null, fva: number | null): AccuracyRow => ({
  key,
  lag: 1,
  points: 1,
  actual: 10,
  statistical: m(statWape),
  final: m(finalWape),
  seasonalNaive: m(50),
  valueAdded: { statisticalOverNaive: 10, finalOverStatistical: fva },
});

describe('accuracy rows', () => {
  const rows = [row('A @ S1', 20, 20, 0), row('B @ S1', 45, 30, -15), row('C @ S2', null, null, null), row('D @ S2', 30, 40, 10)];

  it('lists the worst final error first, unmeasured series last', () => {
    expect(worklist(rows, 'worst-error').map((r) => r.key)).toEqual(['B @ S1', 'D @ S2', 'A @ S1', 'C @ S2']);
  });

  it('lists the overrides that hurt most first', () => {
    expect(worklist(rows, 'overrides-hurt', 2).map((r) => r.key)).toEqual(['B @ S1', 'A @ S1']);
  });

  it('charts WAPE by week in week order', () => {
    const chart = wapeOverTime([row('2026-11-09', 12, 14, 2), row('2026-11-02', 10, 11, 1)]);
    expect(chart.weeks).toEqual(['2026-11-02', '2026-11-09']);
    expect(chart.lines.map((l) => [l.name, l.values])).toEqual([
      ['Final', [10, 12]],
      ['Statistical', [11, 14]],
      ['Seasonal naive', [50, 50]],
    ]);
  });

  it('reads a series key', () => {
    expect(seriesOfKey('P-1 @ S-9')).toEqual({ sku: 'P-1', store: 'S-9' });
    expect(seriesOfKey('Dairy')).toBeNull();
  });
});
