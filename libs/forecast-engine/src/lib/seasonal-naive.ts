/**
 * Seasonal naive forecast: each future period repeats the value one season earlier (plain naive
 * when the history is shorter than a season). The baseline every other method must beat, and the
 * scale of MASE.
 */
export function seasonalNaive(history: readonly number[], horizon: number, season: number): number[] {
  if (history.length === 0) throw new RangeError('history is empty');
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError('horizon must be a positive integer');
  if (!Number.isInteger(season) || season < 1) throw new RangeError('season must be a positive integer');
  if (history.length < season) return Array.from({ length: horizon }, () => history[history.length - 1]);
  const lastSeason = history.slice(history.length - season);
  return Array.from({ length: horizon }, (_, step) => lastSeason[step % season]);
}
