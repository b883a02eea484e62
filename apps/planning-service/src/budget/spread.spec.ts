import { spreadTotal } from './spread';

const cell = (plan: number, forecast: number, locked = false) => ({ plan, forecast, locked });

describe('spreadTotal', () => {
  it('spreads in proportion to the forecast, in whole units that add up exactly', () => {
    const values = spreadTotal([cell(0, 1), cell(0, 1), cell(0, 1)], 100, 'forecast') as number[];
    expect(values).toEqual([34, 33, 33]);
    expect(spreadTotal([cell(10, 30), cell(10, 10)], 80, 'forecast')).toEqual([60, 20]);
  });

  it('keeps locked cells and lets the others absorb the difference', () => {
    expect(spreadTotal([cell(50, 10, true), cell(10, 30), cell(10, 10)], 130, 'forecast')).toEqual([50, 60, 20]);
    expect(spreadTotal([cell(5, 0), cell(15, 0)], 40, 'current')).toEqual([10, 30]);
    expect(spreadTotal([cell(5, 9), cell(15, 1)], 7, 'even')).toEqual([4, 3]);
  });

  it('spreads evenly when the basis is all zero, and refuses what cannot be reached', () => {
    expect(spreadTotal([cell(0, 0), cell(0, 0)], 3, 'forecast')).toEqual([2, 1]);
    expect(spreadTotal([cell(50, 1, true), cell(1, 1)], 40, 'forecast')).toBe('Locked cells already hold 50 units, more than the target of 40');
    expect(spreadTotal([cell(5, 1, true)], 9, 'forecast')).toBe('Every selected cell is locked');
  });
});
