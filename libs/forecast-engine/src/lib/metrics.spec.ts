import { bias, coverage, mae, mape, mase, rmse, rmsse, smape, wape } from './metrics';

describe('accuracy measures (hand-computed)', () => {
  const actual = [10, 20, 0, 40];
  const forecast = [12, 15, 5, 40];

  it('scores absolute, squared and percentage errors', () => {
    expect(mae(actual, forecast)).toBe(3); // (2 + 5 + 5 + 0) / 4
    expect(rmse(actual, forecast)).toBeCloseTo(Math.sqrt((4 + 25 + 25) / 4), 12);
    expect(mape(actual, forecast)).toBeCloseTo((20 + 25 + 0) / 3, 12); // the zero actual is left out
    expect(smape(actual, forecast)).toBeCloseTo((400 / 22 + 1000 / 35 + 200 + 0) / 4, 12);
    expect(wape(actual, forecast)).toBeCloseTo((100 * 12) / 70, 12);
    expect(bias(actual, forecast)).toBe((2 - 5 + 5 + 0) / 4);
  });

  it('scales by the in-sample naive error (MASE, RMSSE)', () => {
    const history = [1, 3, 2, 6]; // lag-1 differences 2, 1, 4; lag-2 differences 1, 3
    expect(mase(actual, forecast, history, 1)).toBeCloseTo(3 / (7 / 3), 12);
    expect(mase(actual, forecast, history, 2)).toBeCloseTo(3 / 2, 12);
    expect(rmsse(actual, forecast, history)).toBeCloseTo(Math.sqrt(54 / 4) / Math.sqrt(21 / 3), 12);
    expect(() => mase(actual, forecast, [1], 1)).toThrow('history needs more than 1 periods');
  });

  it('counts interval coverage and refuses mismatched lengths', () => {
    expect(coverage([1, 5, 9, 3], [0, 0, 0, 4], [2, 6, 8, 9])).toBe(0.5);
    expect(() => mae([1, 2], [1])).toThrow('2 actuals but 1 forecasts');
  });
});
