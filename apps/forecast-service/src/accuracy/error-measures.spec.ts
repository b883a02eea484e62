import { errorMeasures } from './accuracy-tracker.service';

describe('errorMeasures', () => {
  it('gives WAPE and bias in percent of the actual volume, and passes MASE through', () => {
    // actuals 10 and 30, forecasts 12 and 24: |e| = 2 + 6, e = 2 - 6
    expect(errorMeasures({ ae: 8, e: -4, mase: 0.75 }, 40)).toEqual({ wape: 20, bias: -10, mase: 0.75 });
  });

  it('leaves WAPE and bias undefined when nothing sold', () => {
    expect(errorMeasures({ ae: 3, e: 3, mase: null }, 0)).toEqual({ wape: null, bias: null, mase: null });
  });
});
