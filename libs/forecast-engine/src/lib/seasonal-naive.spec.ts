import { seasonalNaive } from './seasonal-naive';

describe('seasonalNaive', () => {
  it('repeats the last season', () => {
    expect(seasonalNaive([1, 2, 3, 4, 10, 20, 30, 40], 6, 4)).toEqual([10, 20, 30, 40, 10, 20]);
  });
  it('falls back to the last value when history is shorter than a season', () => {
    expect(seasonalNaive([5, 7], 3, 52)).toEqual([7, 7, 7]);
  });
  it('refuses an empty history or a bad horizon', () => {
    expect(() => seasonalNaive([], 1, 1)).toThrow('history is empty');
    expect(() => seasonalNaive([1], 0, 1)).toThrow('horizon must be a positive integer');
  });
});
