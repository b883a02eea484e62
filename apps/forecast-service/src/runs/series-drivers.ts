import { HistorySeries } from '@tideline/contracts';
import { DriverHistory, fillUnknown, regularPrice } from '@tideline/forecast-engine';

export interface SeriesDrivers {
  series: DriverHistory;
  future: Record<string, number[]>;
}

/**
 * A series' demand drivers as the engine takes them, history and `horizon` planned weeks:
 * - price: unknown weeks (and a price of 0) take the nearest known price; an unplanned week the
 *   regular price, so no plan means no price effect;
 * - promo and the named drivers: 0 where not given.
 * Drivers that never move in the history and are not planned away from their last value say
 * nothing and are left out; undefined when none is left (the plain engine forecasts the series).
 */
export function seriesDrivers(found: HistorySeries, horizon: number): SeriesDrivers | undefined {
  const { history, planned } = found;
  if (!history || !planned || found.units.length === 0) return undefined;
  const periods = found.units.length;
  const drivers: Record<string, number[]> = {};
  const future: Record<string, number[]> = {};
  const keep = (name: string, past: number[], ahead: number[]) => {
    const moves = past.some((v) => v !== past[0]) || ahead.some((v) => v !== past[periods - 1]);
    if (moves) [drivers[name], future[name]] = [past, ahead];
  };

  const prices = fillUnknown('price', history.price.map((p) => (p !== null && p > 0 ? p : null)));
  if (prices) {
    const regular = regularPrice(prices.values);
    keep('price', prices.values, planned.price.map((p) => (p !== null && p > 0 ? p : regular)));
  }
  keep('promo', found.promo, planned.promo.map((p) => p ?? 0));
  for (const name of new Set([...Object.keys(history.drivers), ...Object.keys(planned.drivers)])) {
    if (name === 'price' || name === 'promo') continue;
    // Own properties only: the drivers arrived as JSON, and a driver may be named "constructor".
    const past = fillUnknown(name, Object.hasOwn(history.drivers, name) ? history.drivers[name] : new Array(periods).fill(null));
    const ahead = fillUnknown(name, Object.hasOwn(planned.drivers, name) ? planned.drivers[name] : new Array(horizon).fill(null));
    if (past && ahead) keep(name, past.values, ahead.values);
  }
  return Object.keys(drivers).length > 0 ? { series: { history: found.units, drivers }, future } : undefined;
}
