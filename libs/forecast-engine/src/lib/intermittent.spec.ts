import { croston, sba, tsb } from './intermittent';

describe('intermittent demand methods', () => {
  // A demand of 6 every third period: 2 units a period on average.
  const regular = Array.from({ length: 60 }, (_, t) => (t % 3 === 2 ? 6 : 0));

  it('Croston recovers size ÷ interval exactly for regular intermittent demand', () => {
    expect(croston(regular).forecast(2)).toEqual([2, 2].map((v) => expect.closeTo(v, 6)));
  });

  it('SBA is Croston scaled by (1 − α/2)', () => {
    const fit = sba(regular);
    expect(fit.forecast(1)[0]).toBeCloseTo(2 * (1 - fit.params.alpha / 2), 6);
  });

  it('TSB decays towards zero for an item that stopped selling, Croston does not', () => {
    const stopped = [...regular.slice(0, 30), ...Array.from({ length: 30 }, () => 0)];
    expect(tsb(stopped).forecast(1)[0]).toBeLessThan(0.5);
    expect(croston(stopped).forecast(1)[0]).toBeCloseTo(2, 1);
  });

  it('forecasts zero for a series that never sold, never a negative number', () => {
    for (const method of [croston, sba, tsb]) {
      expect(method([0, 0, 0, 0]).forecast(2)).toEqual([0, 0]);
      expect(method([0, 3, 0, 0, 1, 0]).forecast(1)[0]).toBeGreaterThanOrEqual(0);
    }
  });
});
