import { openToBuy } from './open-to-buy';

describe('openToBuy', () => {
  it('plans each period by hand: end stock as weeks of cover, the next period starting from it', () => {
    // Two periods: weeks 0–2 and week 3. 50 on hand, 60 due in week 1, 2 weeks of cover.
    const [first, second] = openToBuy({ sales: [30, 30, 30, 40], onOrder: [0, 60, 0, 0], openingStock: 50, periods: [[0, 1, 2], [3]], weeksOfCover: 2 });
    // End stock 2 × 90 / 3 = 60; to buy 60 + 90 − 50 − 60 = 40; turns 90 / 55; sell-through 90 / 110.
    expect(first).toEqual({ beginningStock: 50, receipts: 60, sales: 90, markdowns: 0, endStock: 60, openToBuy: 40, turns: 1.636, sellThrough: 0.818 });
    // Starts at 60; end 2 × 40 = 80; to buy 80 + 40 − 60 = 60.
    expect(second).toEqual({ beginningStock: 60, receipts: 0, sales: 40, markdowns: 0, endStock: 80, openToBuy: 60, turns: 0.571, sellThrough: 0.667 });
  });

  it('says when a period has bought more than it needs (negative), and has no ratios without stock', () => {
    const [only] = openToBuy({ sales: [10], onOrder: [100], openingStock: 0, periods: [[0]], weeksOfCover: 0 });
    expect(only).toMatchObject({ endStock: 0, openToBuy: -90, turns: null, sellThrough: 0.1 });
  });
});
