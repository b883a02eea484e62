import { FittedModel, sumOfSquares } from './exponential-smoothing';
import { minimize } from './nelder-mead';

export type SeasonalForm = 'additive' | 'multiplicative';

const dampedSum = (phi: number, j: number) => (phi === 1 ? j : (phi * (1 - phi ** j)) / (1 - phi));

/**
 * Holt-Winters with a damped trend, in the error-correction form of ETS(A,Ad,A) and ETS(A,Ad,M)
 * (Hyndman et al. 2008, table 2.1). Starting states from the first two seasons: the level is the
 * first season's mean, the trend the change of the seasonal means per period, the season the first
 * season's departures (differences or ratios) from its mean.
 */
function recursion(history: readonly number[], m: number, form: SeasonalForm, alpha: number, beta: number, gamma: number, phi: number) {
  const first = history.slice(0, m);
  let level = first.reduce((s, y) => s + y, 0) / m;
  const second = history.slice(m, 2 * m);
  let slope = second.length === m ? (second.reduce((s, y) => s + y, 0) / m - level) / m : 0;
  const seasonal = first.map((y) => (form === 'additive' ? y - level : level === 0 ? 1 : y / level));
  const residuals: number[] = [];
  for (let t = m; t < history.length; t++) {
    const s = seasonal[t % m];
    const base = level + phi * slope;
    const predicted = form === 'additive' ? base + s : base * s;
    const error = history[t] - predicted;
    residuals.push(error);
    if (form === 'additive') {
      level = base + alpha * error;
      slope = phi * slope + beta * error;
      seasonal[t % m] = s + gamma * error;
    } else {
      const scale = s === 0 ? 1 : s;
      level = base + (alpha * error) / scale;
      slope = phi * slope + (beta * error) / scale;
      seasonal[t % m] = s + (gamma * error) / (base === 0 ? 1 : base);
    }
  }
  return { level, slope, seasonal, residuals };
}

/**
 * Fits Holt-Winters by least squares of the one-step errors: α, then β as a share of α and γ as a
 * share of 1 − α (which keeps the parameters in the usual admissible region), and φ in [0.8, 0.98].
 * Needs two full seasons of history.
 */
export function holtWinters(history: readonly number[], m: number, form: SeasonalForm): FittedModel {
  if (!Number.isInteger(m) || m < 2) throw new RangeError('the season must be an integer of 2 or more');
  if (history.length < 2 * m + 2) throw new RangeError(`Holt-Winters needs at least ${2 * m + 2} periods of history`);
  if (form === 'multiplicative' && !history.every((y) => y > 0)) throw new RangeError('a multiplicative season needs positive data');
  const fit = (alpha: number, betaShare: number, gammaShare: number, phi: number) =>
    recursion(history, m, form, alpha, alpha * betaShare, (1 - alpha) * gammaShare, phi);
  const { x } = minimize(([a, b, g, p]) => sumOfSquares(fit(a, b, g, p).residuals), [0.2, 0.1, 0.1, 0.9], [[0.0001, 0.9999], [0.0001, 0.9999], [0.0001, 0.9999], [0.8, 0.98]], { maxIterations: 300 });
  const [alpha, betaShare, gammaShare, phi] = x;
  const beta = alpha * betaShare;
  const gamma = (1 - alpha) * gammaShare;
  const { level, slope, seasonal, residuals } = fit(alpha, betaShare, gammaShare, phi);
  const n = history.length;
  return {
    method: `holt_winters_${form === 'additive' ? 'add' : 'mul'}`,
    params: { alpha, beta, gamma, phi },
    residuals,
    forecast: (h) =>
      Array.from({ length: h }, (_, i) => {
        const base = level + dampedSum(phi, i + 1) * slope;
        const s = seasonal[(n + i) % m];
        return form === 'additive' ? base + s : base * s;
      }),
    // c_j = α + β(φ + … + φ^j) + γ when j is a whole number of seasons (class 1, additive season).
    errorGrowth: (h) => {
      let growth = 1;
      for (let j = 1; j < h; j++) growth += (alpha + beta * dampedSum(phi, j) + (j % m === 0 ? gamma : 0)) ** 2;
      return growth;
    },
  };
}
