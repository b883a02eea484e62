import { holt, movingAverage, naive, ses } from './exponential-smoothing';

describe('naive and moving average', () => {
  it('forecast flat from the end of the data', () => {
    expect(naive([3, 5, 4]).forecast(3)).toEqual([4, 4, 4]);
    expect(naive([3, 5, 4]).residuals).toEqual([2, -1]);
    expect(movingAverage([1, 2, 3, 4, 5, 6], 3).forecast(2)).toEqual([5, 5]);
    expect(movingAverage([1, 2, 3, 4, 5, 6], 3).residuals).toEqual([1, 1.5, 2, 2, 2]);
  });
});

describe('simple exponential smoothing', () => {
  it('forecasts a constant series exactly', () => {
    expect(ses([7, 7, 7, 7, 7]).forecast(3)).toEqual([7, 7, 7]);
  });

  it('follows a level shift almost at once (α near 1) and averages noise (α small)', () => {
    const shift = [10, 10, 10, 10, 10, 20, 20, 20, 20, 20];
    expect(ses(shift).params.alpha).toBeGreaterThan(0.9);
    expect(ses(shift).forecast(1)[0]).toBeCloseTo(20, 1);
    const noise = Array.from({ length: 60 }, (_, t) => 50 + (t % 2 === 0 ? 5 : -5));
    const fit = ses(noise);
    expect(fit.params.alpha).toBeLessThan(0.2);
    expect(fit.forecast(1)[0]).toBeCloseTo(50, 0);
  });
});

describe("Holt's linear trend", () => {
  const line = Array.from({ length: 20 }, (_, t) => 5 + 2 * t);

  it('extends a straight line exactly when undamped', () => {
    const fit = holt(line, false);
    fit.forecast(3).forEach((f, i) => expect(f).toBeCloseTo(5 + 2 * (20 + i), 6));
  });

  it('flattens the trend when damped: steps shrink by φ each period', () => {
    const fit = holt(line);
    const [a, b, c] = fit.forecast(3);
    expect(fit.params.phi).toBeGreaterThanOrEqual(0.8);
    expect(fit.params.phi).toBeLessThanOrEqual(0.98);
    expect((c - b) / (b - a)).toBeCloseTo(fit.params.phi, 6);
    expect(a).toBeGreaterThan(line[line.length - 1]);
  });
});
