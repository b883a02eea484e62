import { HistorySeries } from '@tideline/contracts';
import { seriesDrivers } from './series-drivers';

const base: HistorySeries = { sku: 'P1', store: 'S1', start: '2026-01-05', units: [10, 20, 10, 12], promo: [0, 1, 0, 0] };

describe('seriesDrivers', () => {
  it('fills unknown prices, plans the regular price where nothing is planned, and keeps named drivers', () => {
    const found = seriesDrivers(
      {
        ...base,
        history: { price: [2, 1.5, null, 0], drivers: { display: [null, 1, null, null] } },
        planned: { price: [null, 1.5], promo: [null, 1], drivers: { display: [null, 1] } },
      },
      2,
    );
    expect(found).toEqual({
      series: { history: [10, 20, 10, 12], drivers: { price: [2, 1.5, 1.5, 1.5], promo: [0, 1, 0, 0], display: [0, 1, 0, 0] } },
      future: { price: [2, 1.5], promo: [0, 1], display: [0, 1] },
    });
  });

  it('leaves out drivers that never move and are not planned, and series without any', () => {
    const flat = { price: [2, 2, 2, 2], drivers: {} };
    const unplanned = { price: [null, null], promo: [null, null], drivers: {} };
    expect(seriesDrivers({ ...base, promo: [0, 0, 0, 0], history: flat, planned: unplanned }, 2)).toBeUndefined();
    expect(seriesDrivers({ ...base, history: flat, planned: unplanned }, 2)?.series.drivers).toEqual({ promo: [0, 1, 0, 0] });
    expect(seriesDrivers({ ...base, promo: [0, 0, 0, 0], history: flat, planned: { ...unplanned, promo: [1, null] } }, 2)?.future).toEqual({ promo: [1, 0] });
    expect(seriesDrivers(base, 2)).toBeUndefined();
  });
});
