import { FittedModel, levelErrorGrowth, sumOfSquares } from './exponential-smoothing';
import { minimize } from './nelder-mead';

const flat = (value: number) => (h: number) => Array.from({ length: h }, () => value);

/**
 * Croston's method: the non-zero demand sizes and the intervals between them are smoothed
 * separately (both with α), and the forecast per period is size ÷ interval. SBA (Syntetos &
 * Boylan 2005) multiplies by (1 − α/2), removing Croston's known upward bias. Both start from the
 * first demand and its position.
 */
function crostonRecursion(history: readonly number[], alpha: number, debias: boolean) {
  const factor = debias ? 1 - alpha / 2 : 1;
  let size = NaN;
  let interval = NaN;
  let sinceLast = 1;
  const residuals: number[] = [];
  for (let t = 0; t < history.length; t++) {
    const demand = history[t];
    if (Number.isFinite(size)) residuals.push(demand - (factor * size) / interval);
    if (demand !== 0) {
      if (Number.isFinite(size)) {
        size += alpha * (demand - size);
        interval += alpha * (sinceLast - interval);
      } else {
        size = demand;
        interval = t + 1; // periods up to and including the first demand
      }
      sinceLast = 1;
    } else {
      sinceLast++;
    }
  }
  return { perPeriod: Number.isFinite(size) ? (factor * size) / interval : 0, residuals };
}

function crostonFamily(history: readonly number[], debias: boolean): FittedModel {
  if (history.length === 0) throw new RangeError('history is empty');
  const { x } = minimize(([alpha]) => sumOfSquares(crostonRecursion(history, alpha, debias).residuals), [0.1], [[0.01, 0.5]]);
  const { perPeriod, residuals } = crostonRecursion(history, x[0], debias);
  return { method: debias ? 'sba' : 'croston', params: { alpha: x[0] }, residuals, forecast: flat(perPeriod), errorGrowth: levelErrorGrowth(x[0]) };
}

export const croston = (history: readonly number[]) => crostonFamily(history, false);
export const sba = (history: readonly number[]) => crostonFamily(history, true);

/**
 * TSB (Teunter, Syntetos & Babai 2011): the probability of a demand is smoothed every period (β)
 * and the size only when a demand occurs (α); the forecast is probability × size. Unlike Croston,
 * it decays towards zero for an item that stops selling.
 */
function tsbRecursion(history: readonly number[], alpha: number, beta: number) {
  const demands = history.filter((y) => y !== 0);
  let probability = demands.length / history.length;
  let size = demands.length > 0 ? demands[0] : 0;
  const residuals: number[] = [];
  for (const demand of history) {
    residuals.push(demand - probability * size);
    probability += beta * ((demand !== 0 ? 1 : 0) - probability);
    if (demand !== 0) size += alpha * (demand - size);
  }
  return { perPeriod: probability * size, residuals };
}

export function tsb(history: readonly number[]): FittedModel {
  if (history.length === 0) throw new RangeError('history is empty');
  const { x } = minimize(([alpha, beta]) => sumOfSquares(tsbRecursion(history, alpha, beta).residuals), [0.1, 0.1], [[0.01, 0.5], [0.01, 0.5]]);
  const [alpha, beta] = x;
  const { perPeriod, residuals } = tsbRecursion(history, alpha, beta);
  return { method: 'tsb', params: { alpha, beta }, residuals, forecast: flat(perPeriod), errorGrowth: levelErrorGrowth(Math.max(alpha, beta)) };
}
