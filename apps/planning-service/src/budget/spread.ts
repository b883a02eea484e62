import { SpreadBases } from '@tideline/contracts';

export interface SpreadCell {
  plan: number;
  forecast: number;
  locked: boolean;
}

/**
 * New whole-unit values for cells whose total must become `target`: locked cells keep theirs, the
 * others share the rest in proportion to the basis (forecast, current plan, or evenly; evenly when
 * the basis sums to zero). Rounding by largest remainder, so the cells add up to the target exactly.
 * Returns a message instead when the target cannot be reached.
 */
export function spreadTotal(cells: readonly SpreadCell[], target: number, basis: (typeof SpreadBases)[number]): number[] | string {
  const whole = Math.round(target);
  const lockedSum = cells.reduce((s, c) => s + (c.locked ? c.plan : 0), 0);
  const rest = whole - lockedSum;
  const free = cells.map((c, i) => (c.locked ? -1 : i)).filter((i) => i >= 0);
  if (rest < 0) return `Locked cells already hold ${lockedSum} units, more than the target of ${whole}`;
  if (free.length === 0) return rest === 0 ? cells.map((c) => c.plan) : 'Every selected cell is locked';
  const weightOf = (c: SpreadCell) => (basis === 'forecast' ? c.forecast : basis === 'current' ? c.plan : 1);
  let weights = free.map((i) => Math.max(0, weightOf(cells[i])));
  let weightSum = weights.reduce((s, w) => s + w, 0);
  if (weightSum === 0) {
    weights = free.map(() => 1);
    weightSum = free.length;
  }
  const exact = weights.map((w) => (rest * w) / weightSum);
  const floors = exact.map(Math.floor);
  let left = rest - floors.reduce((s, v) => s + v, 0);
  const order = exact.map((v, k) => ({ k, fraction: v - floors[k] })).sort((a, b) => b.fraction - a.fraction || a.k - b.k);
  for (const { k } of order) {
    if (left <= 0) break;
    floors[k]++;
    left--;
  }
  const values = cells.map((c) => c.plan);
  free.forEach((i, k) => (values[i] = floors[k]));
  return values;
}
