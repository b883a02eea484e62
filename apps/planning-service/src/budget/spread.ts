import { SpreadBases } from '@tideline/contracts';

export type SpreadBasis = (typeof SpreadBases)[number];

export interface SpreadCell {
  plan: number;
  locked: boolean;
  /** The cell's share of what the free cells absorb, relative to the others (negative counts as 0). */
  weight: number;
}

/**
 * New whole-unit values for cells whose total must become `target`: locked cells keep theirs, the
 * others share the rest in proportion to their weights (evenly when the weights sum to zero).
 * Rounding by largest remainder, so the cells add up to the target exactly.
 * Returns a message instead when the target cannot be reached.
 */
export function spreadTotal(cells: readonly SpreadCell[], target: number): number[] | string {
  const whole = Math.round(target);
  const lockedSum = cells.reduce((s, c) => s + (c.locked ? c.plan : 0), 0);
  const rest = whole - lockedSum;
  const free = cells.map((c, i) => (c.locked ? -1 : i)).filter((i) => i >= 0);
  if (rest < 0) return `Locked cells already hold ${lockedSum} units, more than the target of ${whole}`;
  if (free.length === 0) return rest === 0 ? cells.map((c) => c.plan) : 'Every selected cell is locked';
  let weights = free.map((i) => Math.max(0, cells[i].weight));
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

export interface BasisCell {
  category: string;
  cluster: string;
  week: string;
  plan: number;
  forecast: number;
  lastYear: number;
}

/**
 * Each cell's weight for a spread on `basis`. With a profile (one weight per week of the selection,
 * first week first), every category × cluster keeps its share of the selection's forecast and its
 * weeks follow the profile. Returns a message when the profile does not fit the selection.
 */
export function spreadWeights(cells: readonly BasisCell[], basis: SpreadBasis, profile?: readonly number[]): number[] | string {
  if (basis !== 'profile') {
    if (profile) return 'profile is only used with basis profile';
    const weightOf: Record<Exclude<SpreadBasis, 'profile'>, (c: BasisCell) => number> = {
      forecast: (c) => c.forecast,
      current: (c) => c.plan,
      even: () => 1,
      last_year: (c) => c.lastYear,
    };
    return cells.map(weightOf[basis]);
  }
  const weeks = [...new Set(cells.map((c) => c.week))].sort();
  if (!profile) return 'basis profile needs a profile: one weight per week of the selection';
  if (profile.length !== weeks.length) return `profile has ${profile.length} weights but the selection has ${weeks.length} weeks`;
  const profileSum = profile.reduce((s, w) => s + w, 0);
  if (profileSum <= 0) return 'profile weights must not all be 0';
  const pairOf = (c: BasisCell) => `${c.category}\u0000${c.cluster}`;
  const pairForecast = new Map<string, number>();
  for (const c of cells) pairForecast.set(pairOf(c), (pairForecast.get(pairOf(c)) ?? 0) + c.forecast);
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  return cells.map((c) => ((pairForecast.get(pairOf(c)) ?? 0) * profile[weekIndex.get(c.week) ?? 0]) / profileSum);
}
