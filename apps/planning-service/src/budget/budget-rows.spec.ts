import { rowWeeks } from './budget-rows';

const none = { category: [], cluster: [], week: [], units: [], revenue: [] };

describe('rowWeeks', () => {
  it('fills every week of the period: the forecast where it reaches, last year, actuals only in weeks with sales', () => {
    const rows = rowWeeks({
      weekFrom: '2025-01-06',
      weeks: 3,
      forecast: { category: ['A', 'A', 'B'], cluster: ['N', 'N', 'S'], week: ['2025-01-06', '2025-01-13', '2025-01-06'], units: [4, 5, 6], revenue: [8, 10, 12], cost: [2, null, 3] },
      // On the plan's weeks already; C is in no row of the forecast and is left out.
      lastYear: { category: ['A', 'A', 'C'], cluster: ['N', 'N', 'N'], week: ['2025-01-06', '2025-01-20', '2025-01-06'], units: [3, 7, 9], revenue: [6, null, 18] },
      thisYear: { category: ['B'], cluster: ['S'], week: ['2025-01-06'], units: [1], revenue: [2] },
    });
    expect(rows).toEqual([
      { category: 'A', cluster: 'N', forecast: [4, 5, 0], revenue: [8, 10, 0], cost: [2, null, 0], lyUnits: [3, 0, 7], lyRevenue: [6, 0, 0], actualUnits: [0, null, null], actualRevenue: [0, null, null] },
      { category: 'B', cluster: 'S', forecast: [6, 0, 0], revenue: [12, 0, 0], cost: [3, 0, 0], lyUnits: [0, 0, 0], lyRevenue: [0, 0, 0], actualUnits: [1, null, null], actualRevenue: [2, null, null] },
    ]);
  });

  it('has no rows without a forecast', () => {
    expect(rowWeeks({ weekFrom: '2025-01-06', weeks: 2, forecast: { ...none, cost: [] }, lastYear: none, thisYear: none })).toEqual([]);
  });
});
