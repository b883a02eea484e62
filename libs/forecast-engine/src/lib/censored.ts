/**
 * Demand in censored weeks (out of stock: the sales understate it): each run of censored weeks is
 * replaced by a straight line between the nearest uncensored weeks on either side (at an end, the
 * nearest one's value), never below what was sold. Uncensored weeks are kept. With no uncensored
 * week at all there is nothing to learn from, and the sales are returned as they are.
 */
export function fillCensored(values: readonly number[], censored: readonly number[]): number[] {
  return interpolateWeeks(values, censored).map((line, t) => Math.max(values[t], line));
}

/**
 * Each run of marked weeks (`mask` 1) replaced by a straight line between the nearest unmarked weeks
 * on either side (at an end, the nearest one's value); with no unmarked week, the values as they are.
 * Promoted weeks so marked give a history's baseline, without its promotions' spikes.
 */
export function interpolateWeeks(values: readonly number[], mask: readonly number[]): number[] {
  const known = values.map((_, t) => mask[t] !== 1);
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
      result[k] = before === undefined ? (after as number) : after === undefined ? before : before + share * (after - before);
    }
  }
  return result;
}
