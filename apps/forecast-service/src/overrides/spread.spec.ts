import { Cell, LayerRule, carryLayers, spreadOverride } from './spread';

const cell = (sku: string, week: string, statistical: number, final = statistical): Cell => ({ sku, store: 'S1', week, statistical, final });

describe('spreadOverride', () => {
  const cells = [cell('A', '2026-01-05', 30, 30), cell('B', '2026-01-05', 10, 10), cell('A', '2026-01-12', 20, 25), cell('B', '2026-01-12', 0, 0)];

  it('sets each week of the selection to a value, spread in proportion to the final forecast', () => {
    const spread = spreadOverride(cells, 'value', 80);
    expect(spread).toEqual({ deltas: [30, 10, 55, 0], shares: [0.75, 0.25, 1, 0], before: 65, after: 160 });
  });

  it('changes by a percentage or a delta, and the series add up to the target', () => {
    const percent = spreadOverride(cells, 'percent', -10) as { deltas: number[]; after: number };
    expect(percent.deltas.map((d) => Math.round(d * 1000) / 1000)).toEqual([-3, -1, -2.5, 0]);
    const delta = spreadOverride(cells, 'delta', 8) as { deltas: number[]; before: number; after: number };
    expect(delta.deltas).toEqual([6, 2, 8, 0]);
    expect(delta.after - delta.before).toBe(16);
  });

  it('spreads by the statistical forecast when every final is zero, and evenly when that is zero too', () => {
    expect(spreadOverride([cell('A', 'w', 3, 0), cell('B', 'w', 1, 0)], 'value', 8)).toEqual({ deltas: [6, 2], shares: [0.75, 0.25], before: 0, after: 8 });
    expect(spreadOverride([cell('A', 'w', 0), cell('B', 'w', 0)], 'value', 8)).toEqual({ deltas: [4, 4], shares: [0.5, 0.5], before: 0, after: 8 });
  });

  it('refuses a target below zero, naming the week', () => {
    expect(spreadOverride(cells, 'delta', -50)).toBe('The override would make the final forecast of week 2026-01-05 negative (40 − 50)');
  });
});

describe('carryLayers', () => {
  const value = (amount: number, share = 1): LayerRule => ({ kind: 'value', amount, share });
  const percent = (amount: number): LayerRule => ({ kind: 'percent', amount, share: 1 });
  const delta = (amount: number, share = 1): LayerRule => ({ kind: 'delta', amount, share });

  it('keeps each kind on a new statistical forecast: a value its share of the value, a percent a percent, a delta the delta', () => {
    expect(carryLayers(50, [value(80, 0.25)])).toEqual({ deltas: [-30], final: 20 });
    expect(carryLayers(50, [percent(50)])).toEqual({ deltas: [25], final: 75 });
    expect(carryLayers(50, [delta(8, 0.75)])).toEqual({ deltas: [6], final: 56 });
    expect(carryLayers(50, [])).toEqual({ deltas: [], final: 50 });
  });

  it('applies the layers in the order they were made, each on the final before it', () => {
    expect(carryLayers(50, [value(100), percent(50)])).toEqual({ deltas: [50, 50], final: 150 });
    expect(carryLayers(50, [percent(50), value(100)])).toEqual({ deltas: [25, 25], final: 100 });
    expect(carryLayers(50, [delta(10), percent(-50), delta(-5)])).toEqual({ deltas: [10, -30, -5], final: 25 });
  });

  it('never goes below zero, and the statistical forecast plus the changes is the final', () => {
    const carried = carryLayers(5, [delta(-10), percent(100), delta(3)]);
    expect(carried).toEqual({ deltas: [-5, 0, 3], final: 3 });
    expect(5 + carried.deltas.reduce((a, b) => a + b, 0)).toBe(carried.final);
    // A negative statistical forecast shows as zero, and the first layer starts from there.
    expect(carryLayers(-2, [delta(4)])).toEqual({ deltas: [6], final: 4 });
    expect(carryLayers(-2, [])).toEqual({ deltas: [], final: 0 });
  });

  it('re-applied to the forecast it was made on, a layer changes what it changed then, and the series add up to its target', () => {
    const cells = [cell('A', 'w', 30), cell('B', 'w', 10)];
    for (const [kind, amount] of [['value', 80], ['percent', -20], ['delta', 8]] as const) {
      const spread = spreadOverride(cells, kind, amount) as { deltas: number[]; shares: number[]; after: number };
      const carried = cells.map((c, i) => carryLayers(c.statistical, [{ kind, amount, share: spread.shares[i] }]));
      carried.forEach((c, i) => expect(c.deltas[0]).toBeCloseTo(spread.deltas[i], 9));
      expect(carried[0].final + carried[1].final).toBeCloseTo(spread.after, 9);
    }
  });
});

describe('overrides of the lift alone', () => {
  const promoted = (sku: string, statistical: number, lift: number, final = statistical): Cell => ({ sku, store: 'S1', week: 'w', statistical, final, lift });

  it('scales, sets or shifts the lift and keeps the baseline', () => {
    const cells = [promoted('A', 30, 10), promoted('B', 20, 0)];
    expect(spreadOverride(cells, 'percent', -50, 'lift')).toEqual({ deltas: [-5, 0], shares: [1, 0], before: 50, after: 45 });
    // The week's lift becomes 16, all of it A's (B has none).
    expect(spreadOverride(cells, 'value', 16, 'lift')).toEqual({ deltas: [6, 0], shares: [1, 0], before: 50, after: 56 });
    expect(spreadOverride(cells, 'delta', 4, 'lift')).toEqual({ deltas: [4, 0], shares: [1, 0], before: 50, after: 54 });
  });

  it('refuses a selection without lift', () => {
    expect(spreadOverride([promoted('A', 30, 0)], 'percent', 20, 'lift')).toBe('The selection has no promotion or driver lift in these weeks: override the total instead');
  });

  it('re-applies to the lift of a new forecast', () => {
    const halve: LayerRule = { kind: 'percent', amount: -50, share: 1, appliesTo: 'lift' };
    expect(carryLayers(60, [halve], 20)).toEqual({ deltas: [-10], final: 50 });
    expect(carryLayers(60, [halve], 0)).toEqual({ deltas: [0], final: 60 });
  });
});
