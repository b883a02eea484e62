import { BasisCell, spreadTotal, spreadWeights } from './spread';

const cell = (plan: number, weight: number, locked = false) => ({ plan, weight, locked });

describe('spreadTotal', () => {
  it('spreads in proportion to the weights, in whole units that add up exactly', () => {
    const values = spreadTotal([cell(0, 1), cell(0, 1), cell(0, 1)], 100) as number[];
    expect(values).toEqual([34, 33, 33]);
    expect(spreadTotal([cell(10, 30), cell(10, 10)], 80)).toEqual([60, 20]);
  });

  it('keeps locked cells and lets the others absorb the difference', () => {
    expect(spreadTotal([cell(50, 10, true), cell(10, 30), cell(10, 10)], 130)).toEqual([50, 60, 20]);
    expect(spreadTotal([cell(5, 1), cell(15, 1), cell(9, 1, true)], 16)).toEqual([4, 3, 9]);
  });

  it('spreads evenly when the weights are all zero, and refuses what cannot be reached', () => {
    expect(spreadTotal([cell(0, 0), cell(0, 0)], 3)).toEqual([2, 1]);
    expect(spreadTotal([cell(50, 1, true), cell(1, 1)], 40)).toBe('Locked cells already hold 50 units, more than the target of 40');
    expect(spreadTotal([cell(5, 1, true)], 9)).toBe('Every selected cell is locked');
  });
});

describe('spreadWeights', () => {
  const cells: BasisCell[] = [
    { category: 'A', cluster: 'X', week: '2025-01-06', plan: 5, forecast: 30, lastYear: 4 },
    { category: 'A', cluster: 'X', week: '2025-01-13', plan: 6, forecast: 10, lastYear: 8 },
    { category: 'B', cluster: 'X', week: '2025-01-06', plan: 7, forecast: 20, lastYear: 0 },
    { category: 'B', cluster: 'X', week: '2025-01-13', plan: 8, forecast: 20, lastYear: 2 },
  ];

  it('weighs by forecast, current plan, last year or evenly', () => {
    expect(spreadWeights(cells, 'forecast')).toEqual([30, 10, 20, 20]);
    expect(spreadWeights(cells, 'current')).toEqual([5, 6, 7, 8]);
    expect(spreadWeights(cells, 'last_year')).toEqual([4, 8, 0, 2]);
    expect(spreadWeights(cells, 'even')).toEqual([1, 1, 1, 1]);
  });

  it('with a profile, keeps each pair at its forecast share and shapes its weeks', () => {
    // A and B each forecast 40; the profile puts three quarters in the first week.
    expect(spreadWeights(cells, 'profile', [3, 1])).toEqual([30, 10, 30, 10]);
    const values = spreadTotal(
      cells.map((c, i) => ({ plan: c.plan, locked: false, weight: (spreadWeights(cells, 'profile', [3, 1]) as number[])[i] })),
      101,
    );
    expect(values).toEqual([38, 13, 38, 12]);
  });

  it('refuses a profile that does not fit the selection', () => {
    expect(spreadWeights(cells, 'profile', [1, 2, 3])).toBe('profile has 3 weights but the selection has 2 weeks');
    expect(spreadWeights(cells, 'profile')).toBe('basis profile needs a profile: one weight per week of the selection');
    expect(spreadWeights(cells, 'profile', [0, 0])).toBe('profile weights must not all be 0');
    expect(spreadWeights(cells, 'forecast', [1, 1])).toBe('profile is only used with basis profile');
  });
});
