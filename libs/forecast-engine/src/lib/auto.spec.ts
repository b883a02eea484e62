import { forecastSeries } from './auto';
import { coverage } from './metrics';
import { normals } from '../../testing/random';

describe('forecastSeries (automatic selection)', () => {
  it('deseasonalises weekly data with a clear yearly season', () => {
    const noise = normals(1);
    const weeks = Array.from({ length: 156 }, (_, t) => 100 + 40 * Math.sin((2 * Math.PI * t) / 52) + 3 * noise());
    const result = forecastSeries(weeks, { horizon: 13, season: 52 });
    expect(result.model).toContain('+season');
    expect(result.pattern).toBe('smooth');
    const truth = Array.from({ length: 13 }, (_, i) => 100 + 40 * Math.sin((2 * Math.PI * (156 + i)) / 52));
    result.forecast.forEach((f, i) => expect(Math.abs(f - truth[i])).toBeLessThan(12));
  });

  it('fits long-season (weekly) series on their last five years: a season that changed is followed', () => {
    const noise = normals(5);
    // Three years peaking mid-year, then six peaking at the turn of the year.
    const weeks = Array.from({ length: 9 * 52 }, (_, t) => 200 + (t < 3 * 52 ? -1 : 1) * 60 * Math.cos((2 * Math.PI * t) / 52) + 4 * noise());
    const result = forecastSeries(weeks, { horizon: 13, season: 52, method: 'auto' });
    // The combination itself follows it (on all nine years it loses to the seasonal naive floor).
    expect(result.model).toContain('comb(');
    const truth = Array.from({ length: 13 }, (_, i) => 200 + 60 * Math.cos((2 * Math.PI * (9 * 52 + i)) / 52));
    result.forecast.forEach((f, i) => expect(Math.abs(f - truth[i])).toBeLessThan(15));
  });

  it('uses an intermittent-demand method for mostly-zero series, and never goes negative', () => {
    const noise = normals(2);
    const slow = Array.from({ length: 104 }, () => (noise() > 1 ? 1 + Math.round(Math.abs(noise()) * 3) : 0));
    const result = forecastSeries(slow, { horizon: 8, season: 52 });
    expect(['sba', 'tsb', 'croston']).toContain(result.model);
    expect(['intermittent', 'lumpy']).toContain(result.pattern);
    for (const values of [result.forecast, result.lo80, result.lo95]) expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
  });

  it('gives a non-seasonal model to a series shorter than two seasons', () => {
    const result = forecastSeries(Array.from({ length: 60 }, (_, t) => 50 + (t % 52 < 26 ? 20 : 0)), { horizon: 4, season: 52 });
    expect(result.model).not.toContain('+season');
  });

  it('has honest intervals: about 80% and 95% of held-out actuals fall inside them', () => {
    const noise = normals(3);
    const actual: number[] = [];
    const lo80: number[] = [];
    const hi80: number[] = [];
    const lo95: number[] = [];
    const hi95: number[] = [];
    for (let s = 0; s < 200; s++) {
      let level = 200;
      const series = Array.from({ length: 117 }, () => (level += 2 * noise()) + 10 * noise());
      const result = forecastSeries(series.slice(0, 104), { horizon: 13, season: 52 });
      actual.push(...series.slice(104));
      lo80.push(...result.lo80);
      hi80.push(...result.hi80);
      lo95.push(...result.lo95);
      hi95.push(...result.hi95);
    }
    expect(coverage(actual, lo80, hi80)).toBeGreaterThan(0.72);
    expect(coverage(actual, lo80, hi80)).toBeLessThan(0.88);
    expect(coverage(actual, lo95, hi95)).toBeGreaterThan(0.9);
  });

  it('gives intermittent series one-sided intervals from zero that cover about what they say', () => {
    const noise = normals(4);
    const actual: number[] = [];
    const hi80: number[] = [];
    const hi95: number[] = [];
    for (let s = 0; s < 300; s++) {
      const series = Array.from({ length: 60 }, () => (noise() > 0.5 ? 1 + Math.floor(Math.abs(noise()) * 3) : 0));
      const result = forecastSeries(series.slice(0, 52), { horizon: 8, season: 52 });
      expect(result.lo80.every((v) => v === 0)).toBe(true);
      actual.push(...series.slice(52));
      hi80.push(...result.hi80);
      hi95.push(...result.hi95);
    }
    const zeros = actual.map(() => 0);
    expect(coverage(actual, zeros, hi80)).toBeGreaterThan(0.72);
    expect(coverage(actual, zeros, hi80)).toBeLessThan(0.9);
    expect(coverage(actual, zeros, hi95)).toBeGreaterThan(0.9);
  });

  it('refuses a bad horizon or an empty or non-finite history', () => {
    expect(() => forecastSeries([1, 2], { horizon: 0, season: 1 })).toThrow('horizon must be a positive integer');
    expect(() => forecastSeries([], { horizon: 1, season: 1 })).toThrow('history is empty');
    expect(() => forecastSeries([1, NaN], { horizon: 1, season: 1 })).toThrow('not a finite number');
  });
});
