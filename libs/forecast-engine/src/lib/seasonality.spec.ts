import { deseasonalize, isSeasonal, reseasonalize, seasonalIndices } from './seasonality';

describe('seasonality', () => {
  const pattern = [0.5, 1, 1.5, 1];
  const seasonal = Array.from({ length: 48 }, (_, t) => 100 * pattern[t % 4]);

  it('detects a strong season and not white-ish noise', () => {
    expect(isSeasonal(seasonal, 4)).toBe(true);
    let seed = 42;
    const noise = Array.from({ length: 48 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31; // a fixed pseudo-random sequence
      return 100 + (seed / 2 ** 31) * 20;
    });
    expect(isSeasonal(noise, 4)).toBe(false);
    expect(isSeasonal(seasonal.slice(0, 8), 4)).toBe(false); // too short to tell
  });

  it('recovers multiplicative indices and round-trips through (de)seasonalising', () => {
    const s = seasonalIndices(seasonal, 4);
    expect(s.kind).toBe('multiplicative');
    s.indices.forEach((v, i) => expect(v).toBeCloseTo(pattern[i], 10));
    expect(deseasonalize(seasonal, s).every((v) => Math.abs(v - 100) < 1e-9)).toBe(true);
    expect(reseasonalize([100, 100], s, 48)).toEqual([50, 100].map((v) => expect.closeTo(v, 9)));
  });

  it('uses additive indices when a value is zero or negative', () => {
    const s = seasonalIndices(seasonal.map((v) => v - 50), 4);
    expect(s.kind).toBe('additive');
    s.indices.forEach((v, i) => expect(v).toBeCloseTo(100 * pattern[i] - 100, 9));
  });
});
