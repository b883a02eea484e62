import { FittedModel, sumOfSquares } from './exponential-smoothing';
import { leastSquares } from './least-squares';
import { minimize } from './nelder-mead';
import { deseasonalize, seasonalIndices } from './seasonality';

/** An exponential smoothing state-space model: error, trend (none, additive, damped) and season, ETS(E,T,S). */
export interface EtsSpec {
  error: 'A' | 'M';
  trend: 'N' | 'A' | 'Ad';
  season: 'N' | 'A' | 'M';
}

export interface FittedEts extends FittedModel {
  spec: EtsSpec;
  /** Akaike's criterion, corrected for small samples, from the model's likelihood. */
  aicc: number;
}

/** `ets(MAdN)`: the short form, without commas, so the name fits a CSV field as it is. */
export const etsName = ({ error, trend, season }: EtsSpec) => `ets(${error}${trend}${season})`;

const dampedSum = (phi: number, j: number) => (phi === 1 ? j : (phi * (1 - phi ** j)) / (1 - phi));

/**
 * The state recursion in error-correction form (Hyndman et al. 2008, table 2.1), from the first
 * observation on, so every model is scored on the same n observations. For equal parameters,
 * additive and multiplicative errors move the states the same way (the multiplicative error times
 * the forecast is the additive error); they differ in the likelihood, hence in the parameters
 * fitted, and in how the spread grows with the level. `season0` holds the starting seasonal
 * states, position t mod m; `level0` and `slope0` the starting level and trend.
 */
function recursion(history: readonly number[], spec: EtsSpec, m: number, alpha: number, beta: number, gamma: number, phi: number, level0: number, slope0: number, season0: readonly number[]) {
  const seasonal = spec.season !== 'N';
  let level = level0;
  let slope = spec.trend === 'N' ? 0 : slope0;
  const states = [...season0];
  const residuals: number[] = [];
  const fitted: number[] = [];
  for (let t = 0; t < history.length; t++) {
    const s = seasonal ? states[t % m] : spec.season === 'M' ? 1 : 0;
    const base = level + phi * slope;
    const predicted = spec.season === 'M' ? base * s : base + s;
    const error = history[t] - predicted;
    residuals.push(error);
    fitted.push(predicted);
    const perSeason = spec.season === 'M' && s !== 0 ? s : 1;
    level = base + (alpha * error) / perSeason;
    if (spec.trend !== 'N') slope = phi * slope + (beta * error) / perSeason;
    if (spec.season === 'A') states[t % m] = s + gamma * error;
    if (spec.season === 'M') states[t % m] = s + (gamma * error) / (base === 0 ? 1 : base);
  }
  return { level, slope, states, residuals, fitted };
}

/**
 * Starting states as R's ets() finds them (Hyndman et al. 2008, section 2.6.1): the season from a
 * classical decomposition of the first seasons (up to three), and level and trend from a straight
 * line through the first ten (seasonally adjusted) periods. Every part scales with the data, so the
 * fit and the choice between models do not change when the series is rescaled.
 */
function startingStates(history: readonly number[], spec: EtsSpec, m: number) {
  let adjusted = [...history];
  let season0: number[] = [];
  if (spec.season !== 'N') {
    const first = history.slice(0, Math.min(history.length, 3 * m));
    const kind = spec.season === 'M' ? 'multiplicative' : 'additive';
    const indices = seasonalIndices(first, m, kind);
    season0 = indices.indices;
    adjusted = deseasonalize(history, indices);
  }
  const points = adjusted.slice(0, Math.min(10, adjusted.length));
  const tMean = (points.length - 1) / 2;
  const yMean = points.reduce((s, y) => s + y, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  points.forEach((y, t) => {
    covariance += (t - tMean) * (y - yMean);
    variance += (t - tMean) ** 2;
  });
  const slope = variance > 0 ? covariance / variance : 0;
  // The line's value one period before the first observation: the recursion's first step is a forecast.
  const level = spec.trend === 'N' ? yMean : yMean - slope * (tMean + 1);
  return { level, slope: spec.trend === 'N' ? 0 : slope, season0 };
}

/**
 * The starting level, trend and season that, for given smoothing parameters, maximise the
 * likelihood (Levenberg–Marquardt on likelihoodResiduals). The season's states keep their sum
 * (additive) or mean (multiplicative), so m − 1 of them are free.
 */
function refineStates(
  history: readonly number[],
  spec: EtsSpec,
  m: number,
  p: { alpha: number; beta: number; gamma: number; phi: number; level0: number; slope0: number },
  season0: readonly number[],
) {
  const trend = spec.trend !== 'N';
  const total = season0.reduce((s, v) => s + v, 0);
  const unpack = (x: readonly number[]) => {
    const free = x.slice(trend ? 2 : 1);
    return { level0: x[0], slope0: trend ? x[1] : 0, season0: [...free, total - free.reduce((s, v) => s + v, 0)] };
  };
  const residuals = (x: readonly number[]) => {
    const s = unpack(x);
    const r = recursion(history, spec, m, p.alpha, p.beta, p.gamma, p.phi, s.level0, s.slope0, s.season0);
    return likelihoodResiduals(spec, r.residuals, r.fitted);
  };
  const { x } = leastSquares(residuals, [p.level0, ...(trend ? [p.slope0] : []), ...season0.slice(0, m - 1)], { maxIterations: 20 });
  return unpack(x);
}

/**
 * The likelihood as a residual vector r whose sum of squares gives −2 log L up to a constant,
 * n·log(Σr²/n): the errors for additive errors; for multiplicative ones the relative errors times
 * the forecasts' geometric mean (n·log(Σ(e/f)²/n) + 2Σlog f, in one sum). Not finite where a
 * multiplicative error meets a forecast that is not positive.
 */
function likelihoodResiduals(spec: EtsSpec, residuals: readonly number[], fitted: readonly number[]): number[] {
  if (spec.error === 'A') return [...residuals];
  if (!fitted.every((f) => f > 0)) return residuals.map(() => NaN);
  const scale = Math.exp(fitted.reduce((sum, f) => sum + Math.log(f), 0) / fitted.length);
  return residuals.map((e, t) => (e * scale) / fitted[t]);
}

/** −2 log-likelihood up to a constant. */
function minusTwoLogLikelihood(spec: EtsSpec, residuals: readonly number[], fitted: readonly number[]): number {
  const r = likelihoodResiduals(spec, residuals, fitted);
  return r.every(Number.isFinite) ? r.length * Math.log(sumOfSquares(r) / r.length) : Infinity;
}

/**
 * Fits one ETS model by maximum likelihood (a bounded Nelder–Mead over α, β as a share of α,
 * γ as a share of 1 − α, and φ in [0.8, 0.98], which keeps every point admissible). Seasonal
 * models need two full seasons and two more periods; multiplicative parts need positive data.
 */
export function ets(history: readonly number[], spec: EtsSpec, m = 1): FittedEts {
  if (!history.every(Number.isFinite)) throw new RangeError('history holds a value that is not a finite number');
  if (spec.season !== 'N' && (!Number.isInteger(m) || m < 2)) throw new RangeError('a seasonal model needs an integer season of 2 or more');
  const minimum = spec.season === 'N' ? 3 : 2 * m + 2;
  if (history.length < minimum) throw new RangeError(`${etsName(spec)} needs at least ${minimum} periods of history`);
  if ((spec.error === 'M' || spec.season === 'M') && !history.every((y) => y > 0)) {
    throw new RangeError(`${etsName(spec)} needs positive data`);
  }
  // Fitted on the series divided by its mean size, so that the optimisers see the same problem
  // whatever the units: a rescaled series gets the same model and parameters, and −2 log L moves
  // by exactly 2n·ln(scale) for every model.
  const scale = history.reduce((s, y) => s + Math.abs(y), 0) / history.length || 1;
  const fit = fitScaled(history.map((y) => y / scale), spec, m);
  return {
    ...fit,
    aicc: fit.aicc + 2 * history.length * Math.log(scale),
    residuals: fit.residuals.map((e) => e * scale),
    forecast: (h) => fit.forecast(h).map((f) => f * scale),
  };
}

function fitScaled(history: readonly number[], spec: EtsSpec, m: number): FittedEts {
  const trend = spec.trend !== 'N';
  const seasonal = spec.season !== 'N';
  const damped = spec.trend === 'Ad';
  const { level: levelStart, slope: slopeStart, season0: seasonStart } = startingStates(history, spec, m);
  const unpack = (x: readonly number[]) => {
    let i = 0;
    const alpha = x[i++];
    const beta = trend ? alpha * x[i++] : 0;
    const gamma = seasonal ? (1 - alpha) * x[i++] : 0;
    const phi = damped ? x[i++] : 1;
    return { alpha, beta, gamma, phi, level0: x[i++], slope0: trend ? x[i++] : 0 };
  };
  const run = (x: readonly number[], season0: readonly number[] = seasonStart) => {
    const { alpha, beta, gamma, phi, level0, slope0 } = unpack(x);
    return recursion(history, spec, m, alpha, beta, gamma, phi, level0, slope0, season0);
  };
  // The starting level and trend are fitted with the smoothing parameters, within the data's range.
  const low = Math.min(...history);
  const high = Math.max(...history);
  const range = high - low || Math.abs(high) || 1;
  const smoothing = [0.3, ...(trend ? [0.1] : []), ...(seasonal ? [0.1] : []), ...(damped ? [0.9] : [])];
  const bounds: Array<[number, number]> = smoothing.map(() => [0.0001, 0.9999]);
  if (damped) bounds[bounds.length - 1] = [0.8, 0.98];
  const start = [...smoothing, levelStart, ...(trend ? [slopeStart] : [])];
  bounds.push([Math.min(low, levelStart) - range, Math.max(high, levelStart) + range]);
  if (trend) bounds.push([-range, range]);
  let { x } = minimize((p) => {
    const r = run(p);
    return minusTwoLogLikelihood(spec, r.residuals, r.fitted);
  }, start, bounds, { maxIterations: 500 * start.length });
  let season0 = seasonStart;
  if (seasonal) {
    // The starting season fitted too, for the parameters found (R's ets() fits all together: on the
    // M3 monthly validation windows this took ETS's MASE from 1.003 to 0.977 at 1.4× the time; the
    // parameters fitted once more after it scored 0.996, and all at once by simplex was 17× slower).
    const fitted = refineStates(history, spec, m, unpack(x), season0);
    season0 = fitted.season0;
    x = [...x.slice(0, smoothing.length), fitted.level0, ...(trend ? [fitted.slope0] : [])];
  }
  const { alpha, beta, gamma, phi } = unpack(x);
  const { level, slope, states, residuals, fitted } = run(x, season0);
  const n = history.length;
  // Smoothing parameters, the starting level and trend, and the season's m − 1 free starting
  // states (estimated from the first seasons), as R's ets() counts them.
  const k = smoothing.length + 1 + (trend ? 1 : 0) + (seasonal ? m - 1 : 0);
  const aicc = minusTwoLogLikelihood(spec, residuals, fitted) + 2 * k + (n - k - 1 > 0 ? (2 * k * (k + 1)) / (n - k - 1) : Infinity);
  const point = (h: number) =>
    Array.from({ length: h }, (_, i) => {
      const base = level + dampedSum(phi, i + 1) * slope;
      if (!seasonal) return base;
      const s = states[(n + i) % m];
      return spec.season === 'M' ? base * s : base + s;
    });
  return {
    method: etsName(spec),
    spec,
    aicc,
    params: { alpha, ...(trend ? { beta } : {}), ...(seasonal ? { gamma } : {}), ...(damped ? { phi } : {}) },
    residuals,
    forecast: point,
    // Class 1 growth, c_j = α + β(φ + … + φ^j) + γ at whole seasons. Exact for additive errors; for
    // multiplicative ones an approximation, since their spread also scales with the forecast's level.
    errorGrowth: (h) => {
      let growth = 1;
      for (let j = 1; j < h; j++) growth += (alpha + beta * dampedSum(phi, j) + (seasonal && j % m === 0 ? gamma : 0)) ** 2;
      return growth;
    },
  };
}

/**
 * Automatic ETS: fits every admissible model and keeps the one with the smallest AICc, as R's
 * forecast::ets() does. Left out, as there: additive errors with a multiplicative season (numerically
 * unstable). Seasonal models only with two full seasons; multiplicative parts only for positive data.
 */
export function autoEts(history: readonly number[], m = 1, trends: ReadonlyArray<EtsSpec['trend']> = ['N', 'A', 'Ad']): FittedEts {
  const positive = history.every((y) => y > 0);
  const seasons: EtsSpec['season'][] = m > 1 && history.length >= 2 * m + 2 ? ['N', 'A', 'M'] : ['N'];
  let best: FittedEts | undefined;
  for (const error of ['A', 'M'] as const) {
    for (const trend of trends) {
      for (const season of seasons) {
        if ((error === 'M' || season === 'M') && !positive) continue;
        if (error === 'A' && season === 'M') continue;
        if (history.length < (season === 'N' ? 3 : 2 * m + 2)) continue;
        const fit = ets(history, { error, trend, season }, m);
        if (!best || fit.aicc < best.aicc) best = fit;
      }
    }
  }
  if (!best) throw new RangeError('ETS needs at least 3 periods of history');
  return best;
}
