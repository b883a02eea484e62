import { stl, stlSeasonalStrength } from './stl';

// y_t = 10 + 0.1t + 3 sin(2πt/m) + (7t mod 5), t = 1…n: a trend, a season and a saw-tooth.
const series = (m: number, n: number) => Array.from({ length: n }, (_, i) => 10 + 0.1 * (i + 1) + 3 * Math.sin((2 * Math.PI * (i + 1)) / m) + (((i + 1) * 7) % 5));

describe('stl', () => {
  // Reference values from R 4 (Debian's r-base): stl(ts(y, frequency = m), s.window = 11) and
  // forecast:::seas.heuristic(), which decides R's seasonal differencing.
  it.each([
    { m: 12, n: 40, seasonal: [1.024554, -0.501136, 1.992561], trend: [12.455583, 12.813106, 15.741596], strength: 0.773879 },
    { m: 4, n: 15, seasonal: [2.308761, -3.073463, -3.100335], trend: [13.231261, 12.882085, 12.614893], strength: 0.724471 },
  ])('matches R on a season of $m', ({ m, n, seasonal, trend, strength }) => {
    const y = series(m, n);
    const fit = stl(y, m);
    [0, 6, n - 1].forEach((t, i) => {
      expect(fit.seasonal[t]).toBeCloseTo(seasonal[i], 5);
      expect(fit.trend[t]).toBeCloseTo(trend[i], 5);
    });
    expect(fit.remainder.map((r, t) => r + fit.seasonal[t] + fit.trend[t])).toEqual(y.map((v) => expect.closeTo(v, 9)));
    expect(stlSeasonalStrength(y, m)).toBeCloseTo(strength, 5);
  });

  it('finds no season in a series without one, and refuses two seasons or less', () => {
    const trendOnly = Array.from({ length: 48 }, (_, t) => 5 + 0.5 * t);
    expect(stlSeasonalStrength(trendOnly, 12)).toBeLessThan(0.01);
    expect(stlSeasonalStrength(trendOnly.slice(0, 24), 12)).toBe(0);
    expect(() => stl(trendOnly.slice(0, 24), 12)).toThrow(RangeError);
  });
});
