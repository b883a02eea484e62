import { theta } from './theta';

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
