import { OpenToBuyFigures } from '@tideline/contracts';

/** A category × cluster's weekly plan and stock, and the weeks (indices) of each period. */
export interface StockPlanInput {
  /** Planned units per week of the plan. */
  sales: number[];
  /** Units on order per week of the plan, by due week. */
  onOrder: number[];
  /** On hand at the end of the week before the plan. */
  openingStock: number;
  periods: number[][];
  weeksOfCover: number;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
const sumAt = (values: number[], weeks: number[]) => weeks.reduce((t, w) => t + (values[w] ?? 0), 0);

/**
 * Open-to-buy, period by period: each period ends with `weeksOfCover` weeks of its planned sales
 * in stock, starts with what the one before ended with (the counted stock for the first), and
 * buys what that leaves: end stock + sales + markdowns − beginning stock − receipts on order.
 */
export function openToBuy({ sales, onOrder, openingStock, periods, weeksOfCover }: StockPlanInput): OpenToBuyFigures[] {
  let beginningStock = openingStock;
  return periods.map((weeks) => {
    const planned = sumAt(sales, weeks);
    const receipts = sumAt(onOrder, weeks);
    const markdowns = 0; // markdown budgets are not planned yet
    const endStock = (weeksOfCover * planned) / weeks.length;
    const figures = {
      beginningStock: round(beginningStock),
      receipts: round(receipts),
      sales: round(planned),
      markdowns,
      endStock: round(endStock),
      openToBuy: round(endStock + planned + markdowns - beginningStock - receipts),
      turns: beginningStock + endStock > 0 ? round(planned / ((beginningStock + endStock) / 2)) : null,
      sellThrough: beginningStock + receipts > 0 ? round(planned / (beginningStock + receipts)) : null,
    };
    beginningStock = endStock;
    return figures;
  });
}
