import { minimize } from './nelder-mead';

describe('minimize (Nelder–Mead in a box)', () => {
  it('finds the minimum of a smooth bowl', () => {
    const { x, value } = minimize(([a, b]) => (a - 0.3) ** 2 + 2 * (b - 0.7) ** 2, [0.5, 0.5], [[0, 1], [0, 1]], { maxIterations: 500 });
    expect(x[0]).toBeCloseTo(0.3, 4);
    expect(x[1]).toBeCloseTo(0.7, 4);
    expect(value).toBeLessThan(1e-8);
  });

  it('stays inside the bounds when the minimum lies outside', () => {
    const { x } = minimize(([a]) => (a - 5) ** 2, [0.5], [[0, 1]]);
    expect(x[0]).toBeCloseTo(1, 6);
  });
});
