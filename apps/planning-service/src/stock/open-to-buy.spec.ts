import { StockPlanInput, markdownsByWeek, openToBuy, sumFigures } from './open-to-buy';

/** Four weeks at a price of 2 and a cost of 1.5, nothing marked down or sold yet. */
const plan = (over: Partial<StockPlanInput>): StockPlanInput => ({
  sales: [30, 30, 30, 40],
  price: [2, 2, 2, 2],
  unitCost: [1.5, 1.5, 1.5, 1.5],
  markdowns: [0, 0, 0, 0],
  onOrder: [0, 60, 0, 0],
  openingStock: 50,
  actualSales: [0, 0, 0, 0],
  actualMarkdowns: [0, 0, 0, 0],
  periods: [[0, 1, 2], [3]],
  target: { weeksOfCover: 2 },
  ...over,
});

describe('openToBuy', () => {
  it('plans each period by hand: end stock as weeks of cover, the next period starting from it', () => {
    // Two periods: weeks 0–2 and week 3. 50 on hand, 60 due in week 1, 2 weeks of cover.
    const [first, second] = openToBuy(plan({}));
    // End stock 2 × 90 / 3 = 60; to buy 60 + 90 − 50 − 60 = 40; turns 90 / 55; sell-through 90 / 110.
    expect(first).toMatchObject({ beginningStock: 50, receipts: 60, sales: 90, markdowns: 0, endStock: 60, openToBuy: 40, turns: 1.636, sellThrough: 0.818 });
    // Starts at 60; end 2 × 40 = 80; to buy 80 + 40 − 60 = 60.
    expect(second).toMatchObject({ beginningStock: 60, receipts: 0, sales: 40, markdowns: 0, endStock: 80, openToBuy: 60, turns: 0.571, sellThrough: 0.667 });
  });

  it('says when a period has bought more than it needs (negative), and has no ratios without stock', () => {
    const [only] = openToBuy(plan({ sales: [10], price: [2], unitCost: [1], markdowns: [0], onOrder: [100], openingStock: 0, periods: [[0]], target: { weeksOfCover: 0 } }));
    expect(only).toMatchObject({ endStock: 0, openToBuy: -90, turns: null, sellThrough: 0.1 });
  });

  it('plans the same at retail value, with markdowns in value only and margin after them', () => {
    const [first, second] = openToBuy(plan({ markdowns: [3, 3, 3, 10], actualSales: [58, 0, 0, 0], actualMarkdowns: [4, 0, 0, 0] }));
    // Value: 50 × 2 opening, 60 × 2 receipts, 180 sold, 9 marked down, end 2 × 180 / 3 = 120: OTB 120 + 180 + 9 − 100 − 120 = 89.
    expect(first.value).toEqual({ beginningStock: 100, receipts: 120, sales: 180, markdowns: 9, endStock: 120, openToBuy: 89 });
    expect(first).toMatchObject({ markdowns: 0, openToBuy: 40, cost: 135, grossMargin: 45, grossMarginAfterMarkdowns: 36, actualSales: 58, actualMarkdowns: 4 });
    // Second: starts at 120, sells 80, marks down 10, ends at 160: OTB 160 + 80 + 10 − 120 = 130.
    expect(second.value).toEqual({ beginningStock: 120, receipts: 0, sales: 80, markdowns: 10, endStock: 160, openToBuy: 130 });
    expect(second).toMatchObject({ cost: 60, grossMargin: 20, grossMarginAfterMarkdowns: 10 });
  });

  it('takes end stock as stock-to-sales, and leaves margin unknown where a sold product has no cost', () => {
    const [first, second] = openToBuy(plan({ target: { stockToSales: 1.5 }, unitCost: [1.5, null, 1.5, 1.5] }));
    expect(first).toMatchObject({ endStock: 135, cost: null, grossMargin: null, grossMarginAfterMarkdowns: null });
    expect(second).toMatchObject({ beginningStock: 135, endStock: 60, cost: 60 });
  });
});

describe('markdownsByWeek', () => {
  const weeks = ['2026-03-02', '2026-03-09', '2026-03-16'];
  // Two clusters' planned sales value per week.
  const value = [
    [100, 100, 0],
    [300, 0, 100],
  ];

  it('takes a rate of each week\'s planned sales value, only in its weeks', () => {
    expect(markdownsByWeek([{ from: '2026-03-09', to: '2026-03-16', ratePercent: 10, amount: null }], weeks, value)).toEqual([
      [0, 10, 0],
      [0, 0, 10],
    ]);
  });

  it('spreads an amount over its weeks and clusters by planned sales value, evenly where nothing is planned', () => {
    const spread = markdownsByWeek([{ from: '2026-03-02', to: '2026-03-09', amount: 50, ratePercent: null }], weeks, value);
    expect(spread).toEqual([
      [10, 10, 0],
      [30, 0, 0],
    ]);
    expect(markdownsByWeek([{ from: '2026-03-16', to: '2026-03-16', amount: 8, ratePercent: null }], weeks, [[0, 0, 0], [0, 0, 0]])).toEqual([
      [0, 0, 4],
      [0, 0, 4],
    ]);
  });
});

describe('sumFigures', () => {
  it('adds flows and money and works the ratios again from the sums; margin unknown if any row lacks it', () => {
    const a = openToBuy(plan({ periods: [[0, 1, 2, 3]] }));
    const b = openToBuy(plan({ periods: [[0, 1, 2, 3]], openingStock: 10, onOrder: [0, 0, 0, 0], unitCost: [null, null, null, null] }));
    const [sum] = sumFigures([a, b]);
    expect(sum).toMatchObject({ beginningStock: 60, receipts: 60, sales: 260, endStock: 130, cost: null, grossMargin: null });
    expect(sum.openToBuy).toBeCloseTo(a[0].openToBuy + b[0].openToBuy, 6);
    expect(sum.value.sales).toBe(520);
    expect(sum.turns).toBeCloseTo(260 / ((60 + 130) / 2), 3);
    expect(sum.sellThrough).toBeCloseTo(260 / 120, 3);
  });
});
