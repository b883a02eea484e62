import { Cell, spreadOverride } from './spread';

const cell = (sku: string, week: string, statistical: number, final = statistical): Cell => ({ sku, store: 'S1', week, statistical, final });

describe('spreadOverride', () => {
  const cells = [cell('A', '2026-01-05', 30, 30), cell('B', '2026-01-05', 10, 10), cell('A', '2026-01-12', 20, 25), cell('B', '2026-01-12', 0, 0)];

  it('sets each week of the selection to a value, spread in proportion to the final forecast', () => {
    const spread = spreadOverride(cells, 'value', 80);
    expect(spread).toEqual({ deltas: [30, 10, 55, 0], before: 65, after: 160 });
  });

  it('changes by a percentage or a delta, and the series add up to the target', () => {
    const percent = spreadOverride(cells, 'percent', -10) as { deltas: number[]; after: number };
    expect(percent.deltas.map((d) => Math.round(d * 1000) / 1000)).toEqual([-3, -1, -2.5, 0]);
    const delta = spreadOverride(cells, 'delta', 8) as { deltas: number[]; before: number; after: number };
    expect(delta.deltas).toEqual([6, 2, 8, 0]);
    expect(delta.after - delta.before).toBe(16);
  });

  it('spreads by the statistical forecast when every final is zero, and evenly when that is zero too', () => {
    expect(spreadOverride([cell('A', 'w', 3, 0), cell('B', 'w', 1, 0)], 'value', 8)).toEqual({ deltas: [6, 2], before: 0, after: 8 });
    expect(spreadOverride([cell('A', 'w', 0), cell('B', 'w', 0)], 'value', 8)).toEqual({ deltas: [4, 4], before: 0, after: 8 });
  });

  it('refuses a target below zero, naming the week', () => {
    expect(spreadOverride(cells, 'delta', -50)).toBe('The override would make the final forecast of week 2026-01-05 negative (40 − 50)');
  });
});
