import { sumOfSquares } from './exponential-smoothing';

/** Solves A·x = b for a symmetric positive definite A by Cholesky; null when A is not. */
export function solveSymmetric(a: readonly number[][], b: readonly number[]): number[] | null {
  const k = b.length;
  const l = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let p = 0; p < j; p++) s -= l[i][p] * l[j][p];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  const y = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let p = 0; p < i; p++) s -= l[i][p] * y[p];
    y[i] = s / l[i][i];
  }
  const x = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i];
    for (let p = i + 1; p < k; p++) s -= l[p][i] * x[p];
    x[i] = s / l[i][i];
  }
  return x;
}

/**
 * Levenberg–Marquardt: the x that minimises the sum of squares of residuals(x), from a start, with
 * a forward-difference Jacobian (steps of 1e-6·max(1, |x|)). A step is kept only when it lowers the sum, so the result is never
 * worse than the start; a residual that is not a finite number rejects the step. Used where a fit
 * is a least-squares problem (ARIMA's conditional sum of squares, ETS's starting states), for which
 * it converges in far fewer evaluations than a simplex.
 */
export function leastSquares(
  residuals: (x: readonly number[]) => number[],
  start: readonly number[],
  { maxIterations = 50, tolerance = 1e-9 } = {},
): { x: number[]; value: number } {
  const cost = (r: readonly number[]) => (r.every(Number.isFinite) ? sumOfSquares(r) : Infinity);
  let x = [...start];
  let r = residuals(x);
  let value = cost(r);
  const k = x.length;
  if (k === 0 || !Number.isFinite(value)) return { x, value };
  let lambda = 1e-3;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const jacobian: number[][] = [];
    for (let i = 0; i < k; i++) {
      const h = 1e-6 * Math.max(1, Math.abs(x[i]));
      const shifted = [...x];
      shifted[i] += h;
      const rh = residuals(shifted);
      jacobian.push(rh.map((v, t) => (v - r[t]) / h));
    }
    const gradient = jacobian.map((column) => column.reduce((s, v, t) => s + v * r[t], 0));
    const normal = jacobian.map((ci) => jacobian.map((cj) => ci.reduce((s, v, t) => s + v * cj[t], 0)));
    let improved = false;
    for (let attempt = 0; attempt < 12 && !improved; attempt++) {
      const damped = normal.map((row, i) => row.map((v, j) => (i === j ? v + lambda * (v + 1e-12) : v)));
      const step = solveSymmetric(damped, gradient.map((g) => -g));
      if (step) {
        const candidate = x.map((v, i) => v + step[i]);
        const rc = residuals(candidate);
        const vc = cost(rc);
        if (vc < value) {
          const gain = (value - vc) / (value || 1);
          x = candidate;
          r = rc;
          value = vc;
          lambda = Math.max(lambda / 10, 1e-12);
          improved = true;
          if (gain < tolerance) return { x, value };
          continue;
        }
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { x, value };
}
