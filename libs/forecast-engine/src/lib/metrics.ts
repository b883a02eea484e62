/**
 * Forecast accuracy measures, as the M4 organisers define them (see the README of the benchmark
 * data): each takes the actuals and the forecasts of one horizon, in the same order.
 */

function checkSameLength(actual: readonly number[], forecast: readonly number[]): void {
  if (actual.length !== forecast.length) throw new RangeError(`${actual.length} actuals but ${forecast.length} forecasts`);
  if (actual.length === 0) throw new RangeError('no periods to score');
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

export function mae(actual: readonly number[], forecast: readonly number[]): number {
  checkSameLength(actual, forecast);
  return mean(actual.map((y, i) => Math.abs(y - forecast[i])));
}

export function rmse(actual: readonly number[], forecast: readonly number[]): number {
  checkSameLength(actual, forecast);
  return Math.sqrt(mean(actual.map((y, i) => (y - forecast[i]) ** 2)));
}

/** Mean absolute percentage error, in percent; periods with a zero actual are left out (NaN if all are). */
export function mape(actual: readonly number[], forecast: readonly number[]): number {
  checkSameLength(actual, forecast);
  const terms = actual.flatMap((y, i) => (y === 0 ? [] : [(100 * Math.abs(y - forecast[i])) / Math.abs(y)]));
  return terms.length === 0 ? NaN : mean(terms);
}

/** Symmetric MAPE, in percent (0 to 200); a period where both are 0 counts as 0. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  checkSameLength(actual, forecast);
  return mean(actual.map((y, i) => (y === 0 && forecast[i] === 0 ? 0 : (200 * Math.abs(y - forecast[i])) / (Math.abs(y) + Math.abs(forecast[i])))));
}

/** Weighted APE: total absolute error over total actuals, in percent (NaN when the actuals sum to 0). */
export function wape(actual: readonly number[], forecast: readonly number[]): number {
  checkSameLength(actual, forecast);
  const total = actual.reduce((sum, y) => sum + Math.abs(y), 0);
  return total === 0 ? NaN : (100 * actual.reduce((sum, y, i) => sum + Math.abs(y - forecast[i]), 0)) / total;
}

/** Mean error, forecast minus actual: positive when the forecast is too high. */
export function bias(actual: readonly number[], forecast: readonly number[]): number {
  checkSameLength(actual, forecast);
  return mean(forecast.map((f, i) => f - actual[i]));
}

/** Mean absolute (or squared) lag-`season` difference of the training data: the naive scale. */
function naiveScale(history: readonly number[], season: number, power: 1 | 2): number {
  if (history.length <= season) throw new RangeError(`history needs more than ${season} periods to scale by`);
  let sum = 0;
  for (let t = season; t < history.length; t++) sum += Math.abs(history[t] - history[t - season]) ** power;
  return sum / (history.length - season);
}

/**
 * Mean absolute scaled error: MAE over the in-sample MAE of the seasonal naive forecast (lag
 * `season`; the M4 organisers use 1 for weekly data). Infinite when the history is constant.
 */
export function mase(actual: readonly number[], forecast: readonly number[], history: readonly number[], season: number): number {
  return mae(actual, forecast) / naiveScale(history, season, 1);
}

/** Root mean squared scaled error (M5): RMSE relative to the in-sample naive RMSE, for intermittent data. */
export function rmsse(actual: readonly number[], forecast: readonly number[], history: readonly number[], season = 1): number {
  return rmse(actual, forecast) / Math.sqrt(naiveScale(history, season, 2));
}

/** Share of actuals inside [lower, upper], from 0 to 1. */
export function coverage(actual: readonly number[], lower: readonly number[], upper: readonly number[]): number {
  checkSameLength(actual, lower);
  checkSameLength(actual, upper);
  return mean(actual.map((y, i) => (y >= lower[i] && y <= upper[i] ? 1 : 0)));
}
