import { nest } from './catalog-records';

describe('nest', () => {
  it('builds the hierarchy from grouped rows, summing counts upwards', () => {
    const rows = [
      { department: 'Food', category: 'Dairy', subcategory: 'Milk', n: 3 },
      { department: 'Food', category: 'Dairy', subcategory: 'Cheese', n: 2 },
      { department: 'Food', category: 'Bakery', subcategory: 'Bread', n: 1 },
      { department: 'Home', category: 'Garden', subcategory: 'Tools', n: 4 },
    ];
    expect(nest(rows, ['department', 'category', 'subcategory'])).toEqual([
      {
        name: 'Food',
        count: 6,
        children: [
          { name: 'Dairy', count: 5, children: [{ name: 'Milk', count: 3 }, { name: 'Cheese', count: 2 }] },
          { name: 'Bakery', count: 1, children: [{ name: 'Bread', count: 1 }] },
        ],
      },
      { name: 'Home', count: 4, children: [{ name: 'Garden', count: 4, children: [{ name: 'Tools', count: 4 }] }] },
    ]);
  });
});
