import { aggregateBounds, denseWeeks } from './aggregate-bounds';

describe('aggregate bounds', () => {
  it('fills weeks without sales with zeros, up to the last forecast week', () => {
    expect(denseWeeks([{ week: '2026-01-05', units: 3 }, { week: '2026-01-19', units: 4 }, { week: '2026-02-02', units: 9 }], '2026-01-26')).toEqual([3, 0, 4, 0]);
    expect(denseWeeks([], '2026-01-26')).toEqual([]);
  });

  it("puts the aggregate history's own spread around the bottom-up sums", () => {
    const history = Array.from({ length: 104 }, (_, t) => 1000 + (t % 2 === 0 ? 50 : -50));
    const sums = [1, 2].map((h) => ({ week: `w${h}`, statistical: 900, final: 950, lo80: 899, hi80: 901, lo95: 898, hi95: 902 }));
    const bounds = aggregateBounds(sums, history, 52);
    for (const w of bounds) {
      expect(w.statistical).toBe(900);
      expect(w.final).toBe(950);
      // The history swings ±50 a week: the band is tens of units wide, not the ±1 of independent series.
      expect(w.hi80 - w.lo80).toBeGreaterThan(50);
      expect(w.lo95).toBeLessThanOrEqual(w.lo80);
      expect(w.hi95).toBeGreaterThanOrEqual(w.hi80);
    }
  });

  it('keeps the given bounds with under three weeks of history', () => {
    const sums = [{ week: 'w', statistical: 5, final: 5, lo80: 4, hi80: 6, lo95: 3, hi95: 7 }];
    expect(aggregateBounds(sums, [5, 5], 52)).toEqual(sums);
  });
});
