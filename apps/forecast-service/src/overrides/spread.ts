import { OverrideKind } from '@tideline/contracts';

export interface Cell {
  sku: string;
  store: string;
  week: string;
  statistical: number;
  final: number;
}

/**
 * Per cell, the change an override makes. Each week's target applies to the selection's total
 * final forecast and is spread to its series in proportion to their final forecast (their
 * statistical forecast when every final is zero, evenly when that is zero too), so the series add
 * up to the target. Returns a message instead when the target would be negative.
 */
export function spreadOverride(
  cells: readonly Cell[],
  kind: OverrideKind,
  amount: number,
): { deltas: number[]; before: number; after: number } | string {
  const weeks = new Map<string, number[]>();
  cells.forEach((cell, i) => weeks.set(cell.week, [...(weeks.get(cell.week) ?? []), i]));
  const deltas = new Array<number>(cells.length).fill(0);
  let before = 0;
  let after = 0;
  for (const [week, members] of weeks) {
    const total = members.reduce((sum, i) => sum + cells[i].final, 0);
    const target = kind === 'value' ? amount : kind === 'percent' ? total * (1 + amount / 100) : total + amount;
    if (target < 0) return `The override would make the final forecast of week ${week} negative (${round(total)} ${amount < 0 ? '−' : '+'} ${Math.abs(amount)})`;
    const statistical = members.reduce((sum, i) => sum + cells[i].statistical, 0);
    for (const i of members) {
      const share = total > 0 ? cells[i].final / total : statistical > 0 ? cells[i].statistical / statistical : 1 / members.length;
      deltas[i] = target * share - cells[i].final;
    }
    before += total;
    after += target;
  }
  return { deltas, before, after };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
