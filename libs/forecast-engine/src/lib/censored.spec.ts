import { fillCensored } from './censored';

describe('fillCensored', () => {
  it('replaces out-of-stock weeks by a line between their uncensored neighbours, never below what sold', () => {
    expect(fillCensored([10, 2, 0, 16, 12], [0, 1, 1, 0, 0])).toEqual([10, 12, 14, 16, 12]);
    expect(fillCensored([10, 30, 20], [0, 1, 0])).toEqual([10, 30, 20]); // sold more than the line: kept
  });

  it('takes the nearest uncensored week at either end, and leaves a series without any as it is', () => {
    expect(fillCensored([0, 1, 8, 9, 0], [1, 1, 0, 0, 1])).toEqual([8, 8, 8, 9, 9]);
    expect(fillCensored([1, 2], [1, 1])).toEqual([1, 2]);
    expect(fillCensored([4, 5], [])).toEqual([4, 5]);
  });
});
