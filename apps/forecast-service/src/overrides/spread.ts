import { OverrideAppliesTo, OverrideKind } from '@tideline/contracts';

export interface Cell {
  sku: string;
  store: string;
  week: string;
  statistical: number;
  final: number;
  /** The statistical forecast's lift from its drivers (statistical − baseline; 0 without drivers). */
  lift?: number;
}

/**
 * What a layer does to one series and week, whatever forecast it lands on: its kind, its amount,
 * and the cell's share of the layer's weekly target (how the layer was spread when it was made).
 */
export interface LayerRule {
  kind: OverrideKind;
  amount: number;
  share: number;
  /** What the layer changes: the total (the default) or the drivers' lift alone. */
  appliesTo?: OverrideAppliesTo;
}

/**
 * The final forecast of a cell after a layer, from the final before it (never below zero): a
 * value layer sets the cell to its share of the value, a percent layer scales it, a delta layer
 * adds its share of the delta. A layer on the lift does the same to the cell's statistical lift
 * (`lift`) and leaves the rest: a value replaces the lift by its share of the value, a percent
 * scales the lift, a delta adds to it.
 */
export function applyLayer(before: number, { kind, amount, share, appliesTo }: LayerRule, lift = 0): number {
  const part = appliesTo === 'lift' ? lift : before;
  const changed = kind === 'value' ? amount * share : kind === 'percent' ? part * (1 + amount / 100) : part + amount * share;
  return Math.max(0, before - part + changed);
}

/**
 * Per cell, the change an override makes, and the cell's share of each week's target. Each
 * week's target applies to the selection's total final forecast and is spread to its series in
 * proportion to their final forecast (their statistical forecast when every final is zero, evenly
 * when that is zero too), so the series add up to the target. Returns a message instead when the
 * target would be negative.
 */
export function spreadOverride(
  cells: readonly Cell[],
  kind: OverrideKind,
  amount: number,
  appliesTo: OverrideAppliesTo = 'total',
): { deltas: number[]; shares: number[]; before: number; after: number } | string {
  if (appliesTo === 'lift') return spreadLiftOverride(cells, kind, amount);
  const weeks = cellsByWeek(cells);
  const deltas = new Array<number>(cells.length).fill(0);
  const shares = new Array<number>(cells.length).fill(0);
  let before = 0;
  let after = 0;
  for (const [week, members] of weeks) {
    const total = members.reduce((sum, i) => sum + cells[i].final, 0);
    const target = kind === 'value' ? amount : kind === 'percent' ? total * (1 + amount / 100) : total + amount;
    if (target < 0) return `The override would make the final forecast of week ${week} negative (${round(total)} ${amount < 0 ? '−' : '+'} ${Math.abs(amount)})`;
    const statistical = members.reduce((sum, i) => sum + cells[i].statistical, 0);
    for (const i of members) {
      shares[i] = total > 0 ? cells[i].final / total : statistical > 0 ? cells[i].statistical / statistical : 1 / members.length;
      // The same rule a later run re-applies (carryLayers), so a carried layer does what it did here.
      deltas[i] = applyLayer(cells[i].final, { kind, amount, share: shares[i] }) - cells[i].final;
    }
    before += total;
    after += target;
  }
  return { deltas, shares, before, after };
}

/** The indexes of the cells of each week, in week order of first appearance. */
function cellsByWeek(cells: readonly Cell[]): Map<string, number[]> {
  const weeks = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    const members = weeks.get(cell.week);
    if (members) members.push(i);
    else weeks.set(cell.week, [i]);
  });
  return weeks;
}

/**
 * An override of the drivers' lift: per week, the selection's lift is set to a value, scaled, or
 * changed by a delta, spread to its series in proportion to their lift (their final forecast where
 * the week has no lift). Refused when the selection has no lift in any of the weeks.
 */
function spreadLiftOverride(cells: readonly Cell[], kind: OverrideKind, amount: number): ReturnType<typeof spreadOverride> {
  if (cells.every((c) => Math.abs(c.lift ?? 0) < NO_LIFT)) return 'The selection has no promotion or driver lift in these weeks: override the total instead';
  const weeks = cellsByWeek(cells);
  const deltas = new Array<number>(cells.length).fill(0);
  const shares = new Array<number>(cells.length).fill(0);
  let before = 0;
  let after = 0;
  for (const members of weeks.values()) {
    const lift = members.reduce((sum, i) => sum + (cells[i].lift ?? 0), 0);
    const total = members.reduce((sum, i) => sum + cells[i].final, 0);
    for (const i of members) {
      shares[i] = lift > 0 ? (cells[i].lift ?? 0) / lift : total > 0 ? cells[i].final / total : 1 / members.length;
      deltas[i] = applyLayer(cells[i].final, { kind, amount, share: shares[i], appliesTo: 'lift' }, cells[i].lift ?? 0) - cells[i].final;
      after += cells[i].final + deltas[i];
    }
    before += total;
  }
  return { deltas, shares, before, after };
}

/**
 * A new forecast of a cell with the active layers re-applied in the order they were made, each
 * by its kind: a value stays that value (the cell's share of it), a percent stays a percent of the
 * forecast before it, a delta stays the same delta. Returns each layer's change on this forecast
 * and the final; the final is the statistical forecast plus the changes, at least zero, as
 * everywhere else (so reverting a layer later removes exactly its change).
 */
export function carryLayers(statistical: number, layers: readonly LayerRule[], lift = 0): { deltas: number[]; final: number } {
  let current = statistical;
  const deltas = layers.map((layer) => {
    // A layer sees the final as the analyst would (floored at zero), as when it was made.
    const after = applyLayer(Math.max(0, current), layer, lift);
    const delta = after - current;
    current = after;
    return delta;
  });
  return { deltas, final: Math.max(0, current) };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
/** Below this many units a lift is rounding, not a promotion. */
const NO_LIFT = 1e-6;
