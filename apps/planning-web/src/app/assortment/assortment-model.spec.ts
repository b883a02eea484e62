import type { AssortmentView, RangeItem } from '@tideline/contracts';
import { clusterSummaries, productRows } from './assortment-model';

const item = (sku: string, name: string, category: string, cluster: string, inRange: boolean): RangeItem => ({
  sku,
  name,
  category,
  cluster,
  inRange,
  fromWeek: '2027-01-04',
  units: 10,
  revenue: 20,
  version: 1,
});

const view: AssortmentView = {
  items: [item('P2', 'Cheese', 'Dairy', 'Urban', true), item('P1', 'Milk', 'Dairy', 'Urban', false), item('P1', 'Milk', 'Dairy', 'Rural', true), item('P3', 'Cola', 'Soda', 'Urban', true)],
  summary: [
    { category: 'Dairy', cluster: 'Urban', kept: 1, units: 10, revenue: 20 },
    { category: 'Dairy', cluster: 'Rural', kept: 1, units: 10, revenue: 20 },
    { category: 'Soda', cluster: 'Urban', kept: 1, units: 10, revenue: 20 },
  ],
  warnings: [],
};

describe('assortment matrix', () => {
  it('puts each product of the category on one row with its item per cluster', () => {
    const rows = productRows(view, 'Dairy');
    expect(rows.map((r) => [r.sku, Object.keys(r.byCluster).sort(), r.byCluster['Urban']?.inRange])).toEqual([
      ['P2', ['Urban'], true],
      ['P1', ['Rural', 'Urban'], false],
    ]);
  });

  it('sums what each cluster keeps, for one category or all', () => {
    expect(clusterSummaries(view, 'Dairy')).toEqual([
      { cluster: 'Rural', kept: 1, units: 10, revenue: 20 },
      { cluster: 'Urban', kept: 1, units: 10, revenue: 20 },
    ]);
    expect(clusterSummaries(view, '').find((s) => s.cluster === 'Urban')).toEqual({ cluster: 'Urban', kept: 2, units: 20, revenue: 40 });
  });
});
