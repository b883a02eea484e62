const DAY_MS = 86_400_000;

/** The ISO date of the first Monday at least `weeksAhead` weeks after `today` (plans run Monday to Monday). */
export function mondayOnOrAfter(today: Date, weeksAhead: number): string {
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + weeksAhead * 7 * DAY_MS;
  const toMonday = (8 - new Date(day).getUTCDay()) % 7;
  return new Date(day + toMonday * DAY_MS).toISOString().slice(0, 10);
}

/** Why a period cannot be planned, or null: weeks are named by their Monday, at most 104 of them. */
export function planPeriodError(from: string, to: string): string | null {
  const [a, b] = [Date.parse(from), Date.parse(to)];
  if (Number.isNaN(a) || Number.isNaN(b)) return 'Give the first and last week as dates.';
  if (new Date(a).getUTCDay() !== 1 || new Date(b).getUTCDay() !== 1) return 'Weeks are named by their Monday: pick Mondays.';
  if (b < a) return 'The last week comes before the first.';
  if ((b - a) / (7 * DAY_MS) + 1 > 104) return 'A plan covers at most 104 weeks.';
  return null;
}
