import { estimateDrivers, forecastWithDrivers, poolDrivers, shrinkDrivers } from './drivers';

/** A deterministic pseudo-random stream, so the tests see the same noise every run. */
function noise(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32 - 0.5;
  };
}

/**
 * Weekly units with a price elasticity of −2 and a promotion lift of e^0.5, around a level of 100;
 * with `dip`, the week after a promotion sells e^dip as much (a post-promotion dip when negative).
 */
function promotedSeries(weeks: number, seed = 7, dip = 0) {
  const random = noise(seed);
  const price = Array.from({ length: weeks }, (_, t) => (t % 7 === 3 ? 1.6 : t % 11 === 5 ? 1.8 : 2));
  const promo = Array.from({ length: weeks }, (_, t) => (t % 9 === 4 ? 1 : 0));
  const history = price.map((p, t) =>
    Math.round(Math.expm1(Math.log(100) - 2 * Math.log(p / 2) + 0.5 * promo[t] + dip * (promo[t - 1] ?? 0) + 0.05 * random())),
  );
  return { history, drivers: { price, promo } };
}

describe('forecasting with drivers', () => {
  it('recovers a price elasticity and a promotion lift from week-to-week changes', () => {
    const estimate = estimateDrivers(promotedSeries(104));
    // Every driver but price also enters with last week's value: no after-effect here.
    expect(estimate.names).toEqual(['price', 'promo', 'promo@1']);
    expect(estimate.coefficients[0]).toBeCloseTo(-2, 1);
    expect(estimate.coefficients[1]).toBeCloseTo(0.5, 1);
    expect(estimate.coefficients[2]).toBeCloseTo(0, 1);
    expect(estimate.standardErrors.every((e) => e > 0 && e < 0.1)).toBe(true);
  });

  it('learns a post-promotion dip and forecasts it in the week after a planned promotion, as part of the promotion lift', () => {
    const series = promotedSeries(104, 7, -0.3);
    expect(estimateDrivers(series).coefficients[2]).toBeCloseTo(-0.3, 1);
    const result = forecastWithDrivers(series, { price: [2, 2, 2], promo: [1, 0, 0] }, { horizon: 3, season: 1 });
    expect(result.forecast[1] / result.baseline[1]).toBeCloseTo(Math.exp(-0.3), 1);
    expect(result.lift['promo'][1]).toBeCloseTo(result.forecast[1] - result.baseline[1], 6);
    expect(Object.keys(result.lift)).toEqual(['price', 'promo']);
    expect(result.forecast[2]).toBeCloseTo(result.baseline[2], 6);
  });

  it('gives a driver that never moved no estimate of its own (the prior decides)', () => {
    const series = promotedSeries(60);
    const estimate = estimateDrivers({ history: series.history, drivers: { ...series.drivers, display: series.history.map(() => 0) } });
    expect(estimate.standardErrors[estimate.names.indexOf('display')]).toBe(Infinity);
    expect(shrinkDrivers(estimate, { display: { coefficient: 0.3, variance: 0.1 } })['display']).toBe(0.3);
  });

  it('pools estimates robustly: one absurd elasticity does not move the prior', () => {
    const estimate = (price: number) => ({ names: ['price'], coefficients: [price], standardErrors: [0.2] });
    const prior = poolDrivers([estimate(-2), estimate(-2.2), estimate(-1.8), estimate(-2.1), estimate(-60)]);
    expect(prior['price'].coefficient).toBeCloseTo(-2.1, 6); // the median
    // A noisy own estimate is pulled towards the prior; a precise one keeps most of its value.
    const shrunk = (own: number, error: number) => shrinkDrivers({ names: ['price'], coefficients: [own], standardErrors: [error] }, prior)['price'];
    expect(Math.abs(shrunk(-60, 30) - prior['price'].coefficient)).toBeLessThan(0.1);
    expect(shrunk(-3, 0.005)).toBeCloseTo(-3, 1);
  });

  it('multiplies the baseline by the planned drivers, and splits the lift between them', () => {
    const series = promotedSeries(104);
    const result = forecastWithDrivers(series, { price: [2, 2, 1.6, 2], promo: [0, 1, 1, 0] }, { horizon: 4, season: 1 });
    // Week 0 follows a promoted week of the history, week 3 the plan's: each moves only by its (estimated, near-zero) after-effect.
    expect(result.forecast[0] / result.baseline[0]).toBeCloseTo(1, 1);
    expect(result.forecast[3] / result.baseline[3]).toBeCloseTo(1, 1);
    expect(result.forecast[1] / result.baseline[1]).toBeGreaterThan(1.4); // e^0.5 ≈ 1.65 on log(1 + units)
    expect(result.forecast[2]).toBeGreaterThan(result.forecast[1]); // and the price cut on top
    for (let i = 0; i < 4; i++) expect(result.lift['price'][i] + result.lift['promo'][i]).toBeCloseTo(result.forecast[i] - result.baseline[i], 6);
    expect(result.lift['price'][1]).toBeCloseTo(0, 9);
    expect(result.lo80[2]).toBeLessThanOrEqual(result.forecast[2]);
    expect(result.hi95[2]).toBeGreaterThanOrEqual(result.hi80[2]);
    expect(result.model).toMatch(/\*drivers\(price\|promo\)$/);
  });

  it('forecasts the baseline when nothing is planned, and refuses drivers that do not fit', () => {
    const series = promotedSeries(52);
    const result = forecastWithDrivers(series, undefined, { horizon: 3, season: 1 });
    expect(result.forecast).toEqual(result.baseline.map((b) => expect.closeTo(b, 9)));
    expect(() => forecastWithDrivers(series, { price: [2, 2], promo: [0, 0, 0] }, { horizon: 3, season: 1 })).toThrow(/price needs 3 planned values/);
    expect(() => forecastWithDrivers({ ...series, drivers: { ...series.drivers, price: series.drivers.price.map(() => 0) } }, undefined, { horizon: 3, season: 1 })).toThrow(
      /price must be positive/,
    );
  });
});
