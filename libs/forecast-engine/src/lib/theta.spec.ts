import { autoTheta, theta, thetaModel } from './theta';

describe('theta', () => {
  it('adds half the linear slope per step on top of SES', () => {
    const line = Array.from({ length: 30 }, (_, t) => 10 + 4 * t);
    const [a, b, c] = theta(line).forecast(3);
    expect(b - a).toBeCloseTo(2, 9);
    expect(c - b).toBeCloseTo(2, 9);
    expect(theta(line).params.drift).toBeCloseTo(2, 9);
  });

  it('forecasts a constant series as that constant', () => {
    expect(theta([5, 5, 5, 5, 5]).forecast(2)).toEqual([5, 5].map((v) => expect.closeTo(v, 9)));
  });
});

describe('Theta models (Fiorucci et al.)', () => {
  const line = Array.from({ length: 40 }, (_, t) => 10 + 4 * t);

  it('the standard model adds half the slope per step; the optimised one fits θ and follows the whole slope', () => {
    const standard = thetaModel(line, 'stm').forecast(3);
    expect(standard[1] - standard[0]).toBeCloseTo(2, 1);
    const optimised = thetaModel(line, 'otm');
    expect(optimised.params.theta).toBeGreaterThan(5);
    const [a, b] = optimised.forecast(2);
    expect(b - a).toBeGreaterThan(3.2);
    expect(optimised.mse).toBeLessThan(thetaModel(line, 'stm').mse);
  });

  it('forecasts a constant series as that constant, whatever the kind', () => {
    for (const kind of ['stm', 'otm', 'dstm', 'dotm'] as const) {
      expect(thetaModel([7, 7, 7, 7, 7, 7], kind).forecast(2)).toEqual([7, 7].map((v) => expect.closeTo(v, 3)));
    }
    expect(() => thetaModel([1, 2], 'stm')).toThrow('at least 3 periods');
  });

  it('AutoTheta keeps the model with the smallest one-step squared error', () => {
    const noisy = line.map((y, t) => y + 5 * Math.sin(t * 2.1));
    const chosen = autoTheta(noisy);
    const errors = (['stm', 'otm', 'dstm', 'dotm'] as const).map((kind) => thetaModel(noisy, kind).mse);
    const meanSquare = chosen.residuals.reduce((s, e) => s + e * e, 0) / noisy.length;
    expect(meanSquare).toBeCloseTo(Math.min(...errors), 9);
  });
});
