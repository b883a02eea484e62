import { holtWinters } from './holt-winters';

describe('Holt-Winters (damped)', () => {
  const pattern = [10, -5, 20, -25];

  it('continues an additive season on a level almost exactly', () => {
    const series = Array.from({ length: 40 }, (_, t) => 100 + pattern[t % 4]);
    const fit = holtWinters(series, 4, 'additive');
    fit.forecast(8).forEach((f, i) => expect(f).toBeCloseTo(100 + pattern[(40 + i) % 4], 1));
  });

  it('continues a multiplicative season that grows with the level', () => {
    const factors = [0.8, 1.2, 1.1, 0.9];
    const series = Array.from({ length: 48 }, (_, t) => 200 * factors[t % 4]);
    const fit = holtWinters(series, 4, 'multiplicative');
    fit.forecast(4).forEach((f, i) => expect(f).toBeCloseTo(200 * factors[(48 + i) % 4], 0));
    expect(fit.params.phi).toBeGreaterThanOrEqual(0.8);
  });

  it('refuses too short a history or a multiplicative season on non-positive data', () => {
    expect(() => holtWinters([1, 2, 3, 4, 5], 4, 'additive')).toThrow('at least 10 periods');
    expect(() => holtWinters(Array.from({ length: 12 }, (_, t) => t - 3), 4, 'multiplicative')).toThrow('positive data');
  });
});
