/**
 * Nelder–Mead simplex minimisation inside a box: each parameter stays within its [lower, upper]
 * (points are clamped), which is how smoothing parameters are fitted. Derivative-free, so it
 * copes with the kinks clamping makes. Standard coefficients (reflection 1, expansion 2,
 * contraction 0.5, shrink 0.5).
 */
export function minimize(
  objective: (x: number[]) => number,
  start: readonly number[],
  bounds: ReadonlyArray<readonly [number, number]>,
  { maxIterations = 200, tolerance = 1e-8 } = {},
): { x: number[]; value: number } {
  const n = start.length;
  const clamp = (x: number[]) => x.map((v, i) => Math.min(bounds[i][1], Math.max(bounds[i][0], v)));
  const evaluate = (x: number[]) => {
    const point = clamp(x);
    const value = objective(point);
    return { x: point, value: Number.isFinite(value) ? value : Number.MAX_VALUE };
  };
  let simplex = [evaluate([...start])];
  for (let i = 0; i < n; i++) {
    const step = (bounds[i][1] - bounds[i][0]) * 0.1;
    const vertex = [...start];
    vertex[i] = vertex[i] + step <= bounds[i][1] ? vertex[i] + step : vertex[i] - step;
    simplex.push(evaluate(vertex));
  }
  const along = (from: number[], to: number[], t: number) => from.map((v, i) => v + t * (to[i] - v));

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.value - best.value) <= tolerance * (Math.abs(best.value) + tolerance)) break;
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, p) => s + p.x[i], 0) / n);
    const reflected = evaluate(along(centroid, worst.x, -1));
    if (reflected.value < best.value) {
      const expanded = evaluate(along(centroid, worst.x, -2));
      simplex[n] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < simplex[n - 1].value) {
      simplex[n] = reflected;
    } else {
      const contracted = evaluate(along(centroid, worst.x, 0.5));
      if (contracted.value < worst.value) simplex[n] = contracted;
      else simplex = simplex.map((p, i) => (i === 0 ? p : evaluate(along(best.x, p.x, 0.5))));
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0];
}
