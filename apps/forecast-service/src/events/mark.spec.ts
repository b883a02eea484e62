import { HistorySeries } from '@tideline/contracts';
import { mark } from './events.service';

describe('mark (an event week as a driver value)', () => {
  const series = (): HistorySeries => ({
    sku: 'P1',
    store: 'S1',
    start: '2026-01-05',
    units: [1, 2, 3],
    promo: [0, 0, 0],
    history: { price: [null, null, null], drivers: {} },
    planned: { price: [null, null], promo: [null, null], drivers: { display: [1, null] } },
  });

  it('puts a past week in the history and a later one in the planned weeks, and ignores weeks outside both', () => {
    const found = series();
    for (const week of ['2026-01-12', '2026-01-26', '2025-12-29', '2026-02-09']) mark(found, 'fair', '2026-01-19', week);
    expect(found.history?.drivers).toEqual({ fair: [null, 1, null] });
    expect(found.planned?.drivers).toEqual({ display: [1, null], fair: [1, null] });
  });

  it('takes any driver name, even one an object inherits', () => {
    const found = series();
    mark(found, 'constructor', '2026-01-19', '2026-01-05');
    expect(found.history?.drivers['constructor']).toEqual([1, null, null]);
  });
});
