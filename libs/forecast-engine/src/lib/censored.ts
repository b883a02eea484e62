/**
 * Demand in censored weeks (out of stock: the sales understate it): each run of censored weeks is
 * replaced by a straight line between the nearest uncensored weeks on either side (at an end, the
 * nearest one's value), never below what was sold. Uncensored weeks are kept. With no uncensored
 * week at all there is nothing to learn from, and the sales are returned as they are.
 */
export function fillCensored(values: readonly number[], censored: readonly number[]): number[] {
  const known = values.map((_, t) => censored[t] !== 1);
  if (!known.some(Boolean)) return [...values];
  const result = [...values];
  let t = 0;
  while (t < values.length) {
    if (known[t]) {
      t++;
      continue;
    }
    const start = t;
    while (t < values.length && !known[t]) t++;
    const before = start > 0 ? values[start - 1] : undefined;
    const after = t < values.length ? values[t] : undefined;
    for (let k = start; k < t; k++) {
      const share = (k - start + 1) / (t - start + 1);
      const line = before === undefined ? (after as number) : after === undefined ? before : before + share * (after - before);
      result[k] = Math.max(values[k], line);
    }
  }
  return result;
}
