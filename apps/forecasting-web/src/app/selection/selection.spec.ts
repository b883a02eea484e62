import { levelOptions, selectionLabel } from './selection';

describe('selection', () => {
  it('flattens the store tree, offering a cluster that recurs under several regions once', () => {
    const tree = [
      { name: 'North', count: 3, children: [{ name: 'Urban', count: 2 }, { name: 'Rural', count: 1 }] },
      { name: 'South', count: 2, children: [{ name: 'Urban', count: 2 }] },
    ];
    expect(levelOptions(tree, ['region', 'cluster']).map((o) => `${o.level}:${o.name}:${o.depth}:${o.count}`)).toEqual([
      'region:North:0:3',
      'cluster:Urban:1:2',
      'cluster:Rural:1:1',
      'region:South:0:2',
    ]);
  });

  it('names a selection by its narrowest product and store level', () => {
    expect(selectionLabel({})).toBe('All products × all stores');
    expect(selectionLabel({ sku: 'P1', store: 'S1' })).toBe('Product P1 × store S1');
    expect(selectionLabel({ department: 'Food', category: 'Dairy', region: 'North' })).toBe('Category Dairy × region North');
  });
});
