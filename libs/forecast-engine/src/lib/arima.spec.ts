import { arima, autoArima, differencesNeeded, kpss, seasonalDifferencesNeeded } from './arima';
import { normals } from '../../testing/random';

const none = { p: 0, d: 0, q: 0, P: 0, D: 0, Q: 0, constant: false };

describe('ARIMA', () => {
  it('estimates an AR(1) coefficient and forecasts its decay to the mean', () => {
    const noise = normals(1);
    const y = [0];
    for (let t = 1; t < 400; t++) y.push(0.7 * y[t - 1] + noise());
    const fit = arima(y.map((v) => v + 50), { ...none, p: 1, constant: true }) as NonNullable<ReturnType<typeof arima>>;
    const [phi] = fit.coefficients.ar;
    const mean = fit.coefficients.mean;
    expect(phi).toBeGreaterThan(0.62);
    expect(phi).toBeLessThan(0.78);
    expect(Math.abs(mean - 50)).toBeLessThan(1);
    const [f1, f2] = fit.forecast(2);
    expect(f1 - mean).toBeCloseTo(phi * (y[399] + 50 - mean), 6);
    expect(f2 - mean).toBeCloseTo(phi * (f1 - mean), 6);
    // The h-step error variance of an AR(1): 1 + φ² + … + φ^(2(h−1)).
    expect(fit.errorGrowth(3)).toBeCloseTo(1 + phi ** 2 + phi ** 4, 1);
  });

  it('differences a random walk once and a stationary series not at all (KPSS)', () => {
    const noise = normals(2);
    const white = Array.from({ length: 200 }, () => noise());
    let level = 0;
    const walk = white.map((e) => (level += e));
    expect(kpss(white)).toBeLessThan(0.463);
    expect(differencesNeeded(white)).toBe(0);
    expect(differencesNeeded(walk)).toBe(1);
  });

  it('takes a seasonal difference for a strong season only', () => {
    const noise = normals(3);
    const seasonal = Array.from({ length: 96 }, (_, t) => 100 + 30 * Math.sin((2 * Math.PI * t) / 12) + noise());
    expect(seasonalDifferencesNeeded(seasonal, 12)).toBe(1);
    expect(seasonalDifferencesNeeded(seasonal.map((_, t) => 100 + 5 * noise() + 0 * t), 12)).toBe(0);
  });

  it('finds a drift in a trending walk, and continues a seasonal pattern', () => {
    const noise = normals(4);
    let level = 10;
    const trending = Array.from({ length: 120 }, () => (level += 2 + 0.5 * noise()));
    const fit = autoArima(trending) as NonNullable<ReturnType<typeof autoArima>>;
    expect(fit.method).toContain('+drift');
    const [f1, f2, f3] = fit.forecast(3);
    expect(f2 - f1).toBeCloseTo(2, 0);
    expect(f3 - f2).toBeCloseTo(2, 0);
    const pattern = [10, -5, 20, -25];
    const seasonal = Array.from({ length: 60 }, (_, t) => 100 + pattern[t % 4] + noise());
    const seasonalFit = autoArima(seasonal, 4) as NonNullable<ReturnType<typeof autoArima>>;
    seasonalFit.forecast(4).forEach((f, i) => expect(Math.abs(f - (100 + pattern[(60 + i) % 4]))).toBeLessThan(3));
  });

  it('chooses the same orders when the series is rescaled', () => {
    const noise = normals(5);
    let level = 0;
    const series = Array.from({ length: 80 }, (_, t) => 50 + (level += noise()) + 8 * Math.sin((2 * Math.PI * t) / 4));
    const chosen = autoArima(series, 4)?.method;
    expect(autoArima(series.map((y) => y * 1000), 4)?.method).toBe(chosen);
    expect(autoArima(series.map((y) => y / 1000), 4)?.method).toBe(chosen);
  });
});
