import { FittedModel } from './exponential-smoothing';
import { ets } from './ets';

export type SeasonalForm = 'additive' | 'multiplicative';

/**
 * Holt-Winters with a damped trend: ETS(A,Ad,A) or ETS(A,Ad,M) fitted by least squares (the
 * likelihood of additive errors). Needs two full seasons and two more periods of history.
 */
export function holtWinters(history: readonly number[], m: number, form: SeasonalForm): FittedModel {
  if (!Number.isInteger(m) || m < 2) throw new RangeError('the season must be an integer of 2 or more');
  const fit = ets(history, { error: 'A', trend: 'Ad', season: form === 'additive' ? 'A' : 'M' }, m);
  return { ...fit, method: `holt_winters_${form === 'additive' ? 'add' : 'mul'}` };
}
