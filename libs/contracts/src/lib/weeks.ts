/** Weeks are named by the ISO date (YYYY-MM-DD) of their Monday. */
const DAY_MS = 86_400_000;

export const isMonday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() === 1;

/** The week `weeks` weeks after `week`. */
export function addWeeks(week: string, weeks: number): string {
  return new Date(Date.parse(`${week}T00:00:00Z`) + weeks * 7 * DAY_MS).toISOString().slice(0, 10);
}

/** How many weeks from `from` to `to` (0 for the same week, negative when `to` is earlier). */
export function weeksBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (7 * DAY_MS));
}

/** Every week (Monday) from `from` to `to`, in order. */
export function weeksFrom(from: string, to: string): string[] {
  return Array.from({ length: weeksBetween(from, to) + 1 }, (_, i) => addWeeks(from, i));
}

/** Why weeks `from` to `to` are not a period (Mondays, in order), naming the field at fault; null when they are. */
export function periodProblem(from: string, to: string): { field: 'from' | 'to'; message: string } | null {
  if (!isMonday(from) || !isMonday(to)) return { field: 'from', message: 'from and to must be Mondays (weeks are named by their Monday)' };
  if (to < from) return { field: 'to', message: 'to must not be before from' };
  return null;
}
