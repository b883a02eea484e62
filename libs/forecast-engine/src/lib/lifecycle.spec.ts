import { activeWeeks, averageHistory, chooseReference, phaseIn, referenceGroups, succeed, sumHistories } from './lifecycle';

const options = { horizon: 4, season: 1 };
const flat = (level: number, weeks: number) => Array.from({ length: weeks }, () => level);

describe('averageHistory', () => {
  it('averages week by week over the series that cover each week, aligned on the last week', () => {
    expect(averageHistory([[2, 4, 6], [10]])).toEqual([2, 4, 8]);
    expect(averageHistory([])).toEqual([]);
  });
});

describe('phaseIn', () => {
  it('forecasts a series without history at its reference level, with wider bands than the reference alone', () => {
    const result = phaseIn([], flat(20, 60), options);
    expect(result.weight).toBe(0);
    expect(result.scale).toBe(1);
    result.forecast.forEach((f) => expect(f).toBeCloseTo(20, 5));
    result.lo80.forEach((lo, h) => expect(lo).toBeLessThanOrEqual(result.forecast[h]));
    result.hi95.forEach((hi, h) => expect(hi).toBeGreaterThanOrEqual(result.hi80[h]));
  });

  it('scales the reference by the early sales, shrunk toward its level, and moves the weight to the own history', () => {
    const reference = flat(20, 60);
    const early = phaseIn(flat(10, 4), reference, { ...options, phaseInWeeks: 20, scalePriorWeeks: 4 });
    expect(early.weight).toBeCloseTo(0.2);
    expect(early.scale).toBeCloseTo((40 + 80) / (80 + 80)); // halfway between 0.5 (the data) and 1 (the prior)
    early.forecast.forEach((f) => expect(f).toBeCloseTo(0.2 * 10 + 0.8 * 0.75 * 20, 5));
    const later = phaseIn(flat(10, 16), reference, { ...options, phaseInWeeks: 20, scalePriorWeeks: 4 });
    expect(later.weight).toBeCloseTo(0.8);
    expect(Math.abs(later.forecast[0] - 10)).toBeLessThan(Math.abs(early.forecast[0] - 10));
  });

  it('gives a series with enough history, or a reference without sales, its own forecast', () => {
    expect(phaseIn(flat(10, 30), flat(20, 60), { ...options, phaseInWeeks: 26 }).weight).toBe(1);
    const alone = phaseIn(flat(7, 3), flat(0, 60), options);
    expect(alone.weight).toBe(1);
    alone.forecast.forEach((f) => expect(f).toBeCloseTo(7, 5));
    expect(() => phaseIn([], flat(0, 10), options)).toThrow(RangeError);
  });
});

describe('activeWeeks', () => {
  it('zeroes the weeks before a launch and from an end on, bands included', () => {
    const series = { forecast: [5, 5, 5], lo80: [4, 4, 4], hi80: [6, 6, 6], lo95: [3, 3, 3], hi95: [7, 7, 7] };
    expect(activeWeeks(series, 0, 1)).toEqual({ forecast: [5, 0, 0], lo80: [4, 0, 0], hi80: [6, 0, 0], lo95: [3, 0, 0], hi95: [7, 0, 0] });
    expect(activeWeeks(series, 0, -3).forecast).toEqual([0, 0, 0]);
    expect(activeWeeks(series, 2, 3).forecast).toEqual([0, 0, 5]);
    expect(activeWeeks(series, -1, 9).forecast).toEqual([5, 5, 5]);
  });
});

describe('referenceGroups and chooseReference', () => {
  const facts = { likeSku: 'L', likeStore: null, clusterStores: ['A', 'B'], subcategorySkus: ['N', 'S1', 'S2'] };
  const groups = referenceGroups({ sku: 'N', store: 'A' }, facts);

  it('look at the like-item, then the product in the cluster, then the subcategory', () => {
    expect(groups.map((g) => g.kind)).toEqual(['like-item L', 'the product in the cluster', 'the subcategory in the store', 'the subcategory in the cluster']);
    expect(groups[0]).toMatchObject({ keys: [{ sku: 'L', store: 'A' }, { sku: 'L', store: 'B' }], level: { sku: 'L', store: 'A' } });
    expect(groups[2].keys).toEqual([{ sku: 'S1', store: 'A' }, { sku: 'S2', store: 'A' }]);
  });

  it('bring a profile to the level of its level series', () => {
    const histories: Record<string, number[]> = { 'L/A': flat(5, 30), 'L/B': flat(20, 30) };
    const chosen = chooseReference(groups, (k) => histories[`${k.sku}/${k.store}`], 26);
    expect(chosen?.kind).toBe('like-item L');
    expect(chosen?.history.slice(-1)[0]).toBeCloseTo(5, 6); // the cluster's average (12.5), at L's level in A
  });

  it('average the established series of the first group that has any', () => {
    const histories: Record<string, number[]> = { 'L/A': [1, 2], 'S1/A': flat(4, 30), 'S2/A': flat(8, 40) };
    const chosen = chooseReference(groups, (k) => histories[`${k.sku}/${k.store}`], 26);
    expect(chosen?.kind).toBe('the subcategory in the store'); // L/A is too short to be a reference
    expect(chosen?.history.slice(-1)).toEqual([6]);
    expect(chooseReference(groups, () => undefined)).toBeUndefined();
  });
});

describe('succeed', () => {
  it('forecasts a successor from both histories from the end week on, and from its own before it', () => {
    const predecessor = [...flat(10, 40), 0, 0];
    const own = [4, 4];
    const after = succeed(own, predecessor, -2, options);
    after.forecast.forEach((f) => expect(f).toBeGreaterThan(3));
    const ahead = succeed([], flat(10, 40), 2, options);
    expect(ahead.forecast.slice(0, 2)).toEqual([0, 0]);
    ahead.forecast.slice(2).forEach((f) => expect(f).toBeCloseTo(10, 5));
  });

  it('sums histories aligned on their last week', () => {
    expect(sumHistories([[1, 2], [10, 20, 30]])).toEqual([10, 21, 32]);
  });
});
