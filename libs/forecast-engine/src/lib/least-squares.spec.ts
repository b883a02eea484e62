import { leastSquares, solveSymmetric } from './least-squares';

describe('least squares', () => {
  it('solves a symmetric positive definite system, and refuses one that is not', () => {
    expect(solveSymmetric([[4, 2], [2, 3]], [2, 1])).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0, 12)]);
    expect(solveSymmetric([[1, 2], [2, 1]], [1, 1])).toBeNull();
  });

  it('fits a curve that is not linear in its parameters, and never ends worse than its start', () => {
    const t = Array.from({ length: 20 }, (_, i) => i);
    const y = t.map((v) => 5 * Math.exp(-0.3 * v) + 1);
    const residuals = ([a, b, c]: readonly number[]) => t.map((v, i) => a * Math.exp(-b * v) + c - y[i]);
    const { x, value } = leastSquares(residuals, [1, 0.1, 0]);
    expect(x).toEqual([expect.closeTo(5, 5), expect.closeTo(0.3, 5), expect.closeTo(1, 5)]);
    expect(value).toBeLessThan(1e-12);
    const start = [5, 0.3, 1];
    expect(leastSquares(() => [NaN], start)).toEqual({ x: start, value: Infinity });
  });
});
