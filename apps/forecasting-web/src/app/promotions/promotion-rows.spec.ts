import { eventWeeks, mondayOf, parseDrivers, promotionBody, whatIfLines } from './promotion-rows';

describe('promotion form', () => {
  const form = { from: '2027-01-11', to: '2027-01-18', price: 1.49, promo: true, drivers: 'display=1, feature = 0.5' };

  it('reads other drivers as name=number pairs, and says which part is not one', () => {
    expect(parseDrivers(' display=1, feature = 0.5 ')).toEqual({ display: 1, feature: 0.5 });
    expect(parseDrivers('')).toEqual({});
    expect(parseDrivers('display=yes')).toBe('"display=yes" is not name=number (e.g. display=1)');
  });

  it('makes the request body: one store or the whole chain, the regular price when none is given', () => {
    expect(promotionBody('P1', 'S1', form)).toEqual({ sku: 'P1', stores: ['S1'], from: '2027-01-11', to: '2027-01-18', price: 1.49, promo: true, drivers: { display: 1, feature: 0.5 } });
    expect(promotionBody('P1', undefined, { ...form, price: null, drivers: '' })).toEqual({ sku: 'P1', from: '2027-01-11', to: '2027-01-18', promo: true });
    expect(promotionBody('P1', 'S1', { ...form, from: '' })).toBe('Pick the first and last week of the promotion');
  });

  it('names a week by its Monday whatever day is picked', () => {
    expect(['2027-01-11', '2027-01-14', '2027-01-17'].map(mondayOf)).toEqual(['2027-01-11', '2027-01-11', '2027-01-11']);
  });

  it('draws without, with and the baseline', () => {
    const lines = whatIfLines({ sku: 'P1', stores: ['S1'], asOf: '2027-01-04', weeks: [{ week: '2027-01-11', without: 10, with: 18, baseline: 10, lift: { promo: 8 } }] });
    expect(lines.map((l) => [l.name, l.values])).toEqual([
      ['Without the promotion', [10]],
      ['With the promotion', [18]],
      ['Baseline', [10]],
    ]);
  });

  it('reads event weeks as dates, and names one that is not', () => {
    expect(eventWeeks('2025-06-04, 2026-06-03 2027-06-02')).toEqual(['2025-06-04', '2026-06-03', '2027-06-02']);
    expect(eventWeeks('2025-06-04, June')).toBe('"June" is not a date (YYYY-MM-DD)');
    expect(eventWeeks(' ')).toBe('Give the weeks of the event as dates (YYYY-MM-DD)');
  });
});
