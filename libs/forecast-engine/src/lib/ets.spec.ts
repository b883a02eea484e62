import { autoEts, ets } from './ets';

/** Deterministic pseudo-random noise in [−0.5, 0.5), so that every model has some error to fit. */
const noise = (t: number) => {
  const x = Math.sin(t * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x) - 0.5;
};

describe('ETS', () => {
  it('fits a level with additive or multiplicative error, and forecasts it flat', () => {
    const series = Array.from({ length: 60 }, (_, t) => 50 + noise(t));
    for (const error of ['A', 'M'] as const) {
      const fit = ets(series, { error, trend: 'N', season: 'N' });
      fit.forecast(5).forEach((f) => expect(f).toBeCloseTo(50, 0));
      expect(fit.method).toBe(`ets(${error}NN)`);
    }
  });

  it('continues a trend and a multiplicative season', () => {
    const factors = [0.8, 1.2, 1.1, 0.9];
    const series = Array.from({ length: 48 }, (_, t) => (100 + 2 * t) * factors[t % 4]);
    const fit = ets(series, { error: 'M', trend: 'A', season: 'M' }, 4);
    fit.forecast(4).forEach((f, i) => expect(f).toBeCloseTo((100 + 2 * (48 + i)) * factors[(48 + i) % 4], -1));
  });

  it('picks by AICc: no trend for a noisy level, a trend for a line, a season where there is one', () => {
    expect(autoEts(Array.from({ length: 80 }, (_, t) => 30 + 3 * noise(t))).spec.trend).toBe('N');
    expect(autoEts(Array.from({ length: 80 }, (_, t) => 30 + 2 * t + noise(t))).spec.trend).not.toBe('N');
    const pattern = [10, -5, 20, -25];
    const seasonal = autoEts(Array.from({ length: 48 }, (_, t) => 100 + pattern[t % 4] + noise(t)), 4);
    expect(seasonal.spec.season).not.toBe('N');
    expect(seasonal.aicc).toBeLessThan(ets(Array.from({ length: 48 }, (_, t) => 100 + pattern[t % 4] + noise(t)), { error: 'A', trend: 'N', season: 'N' }).aicc);
  });

  it('leaves out multiplicative parts for data with zeros, and refuses too short a history', () => {
    const withZeros = Array.from({ length: 30 }, (_, t) => (t % 3 === 0 ? 0 : 5 + noise(t)));
    expect(autoEts(withZeros).spec.error).toBe('A');
    expect(() => ets(withZeros, { error: 'M', trend: 'N', season: 'N' })).toThrow('positive data');
    expect(() => ets([1, 2], { error: 'A', trend: 'N', season: 'N' })).toThrow('at least 3 periods');
  });

  it('chooses the same model, with the same parameters, when the series is rescaled', () => {
    const shapes = [
      Array.from({ length: 72 }, (_, t) => (200 + 3 * t) * [0.7, 0.9, 1.3, 1.1][t % 4] * (1 + 0.05 * noise(t))),
      Array.from({ length: 60 }, (_, t) => 80 + 10 * Math.sin((2 * Math.PI * t) / 12) + 4 * noise(t)),
      Array.from({ length: 50 }, (_, t) => 40 + 0.5 * t + 6 * noise(t)),
      Array.from({ length: 40 }, (_, t) => 500 + 30 * noise(t)),
    ];
    for (const [series, m] of shapes.map((s, i) => [s, i === 0 ? 4 : i === 1 ? 12 : 1] as const)) {
      const chosen = autoEts(series, m);
      for (const factor of [1000, 0.001]) {
        const rescaled = autoEts(series.map((y) => y * factor), m);
        expect(rescaled.method).toBe(chosen.method);
        for (const [name, value] of Object.entries(chosen.params)) expect(rescaled.params[name]).toBeCloseTo(value, 3);
        // −2 log L moves by the same 2n·ln(factor) for every model: the criterion compares alike.
        expect(rescaled.aicc - chosen.aicc).toBeCloseTo(2 * series.length * Math.log(factor), 3);
      }
    }
  });

  it('scores every model on the same observations, seasonal or not', () => {
    const series = Array.from({ length: 48 }, (_, t) => 100 + [10, -5, 20, -25][t % 4] + noise(t));
    for (const season of ['N', 'A', 'M'] as const) expect(ets(series, { error: 'A', trend: 'N', season: season === 'M' ? 'M' : season }, 4).residuals).toHaveLength(48);
  });
});
