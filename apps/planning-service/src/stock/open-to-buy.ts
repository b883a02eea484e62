import { MerchandiseTargetsView, OpenToBuyFigures, StockFlows } from '@tideline/contracts';

/** The end stock a category plans for: weeks of its planned sales per week, or a multiple of the period's sales. */
export type StockTarget = { weeksOfCover: number } | { stockToSales: number };

/** A category × cluster's weekly plan, prices and stock, and the weeks (indices) of each period. */
export interface StockPlanInput {
  /** Planned units per week of the plan. */
  sales: number[];
  /** The plan's price and unit cost per week (cost null where a product lacks one). */
  price: number[];
  unitCost: Array<number | null>;
  /** The markdown budget per week, in money (see markdownsByWeek). */
  markdowns: number[];
  /** Units on order per week of the plan, by due week. */
  onOrder: number[];
  /** On hand at the end of the week before the plan. */
  openingStock: number;
  /** Recorded so far per week: sales value and markdowns (0 for weeks without sales). */
  actualSales: number[];
  actualMarkdowns: number[];
  periods: number[][];
  target: StockTarget;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
const sumAt = (values: ArrayLike<number>, weeks: number[]) => weeks.reduce((t, w) => t + (values[w] ?? 0), 0);

/** A period's end stock by the target, from its sales (units or value) over `weeks` weeks. */
const endStockFor = (target: StockTarget, sales: number, weeks: number) => ('weeksOfCover' in target ? (target.weeksOfCover * sales) / weeks : target.stockToSales * sales);

/** One period's flows: it starts with `beginning`, receives, sells, marks down and ends at the target; OTB buys the gap. */
function flows(beginning: number, receipts: number, sales: number, markdowns: number, endStock: number): StockFlows {
  return {
    beginningStock: round(beginning),
    receipts: round(receipts),
    sales: round(sales),
    markdowns: round(markdowns),
    endStock: round(endStock),
    openToBuy: round(endStock + sales + markdowns - beginning - receipts),
  };
}

type Money = Pick<OpenToBuyFigures, 'value' | 'cost' | 'grossMargin' | 'grossMarginAfterMarkdowns' | 'actualSales' | 'actualMarkdowns'>;

/**
 * A period's figures: the flows in units, their ratios (sales ÷ average stock, and sales ÷ what was
 * there to sell; null without stock) and the money. Built field by field: spreading objects here
 * made open-to-buy of a 4,000-row plan take seconds instead of a tenth of one.
 */
function figuresOf(units: StockFlows, money: Money): OpenToBuyFigures {
  const { beginningStock, receipts, sales, endStock } = units;
  return {
    beginningStock,
    receipts,
    sales,
    markdowns: units.markdowns,
    endStock,
    openToBuy: units.openToBuy,
    turns: beginningStock + endStock > 0 ? round(sales / ((beginningStock + endStock) / 2)) : null,
    sellThrough: beginningStock + receipts > 0 ? round(sales / (beginningStock + receipts)) : null,
    value: money.value,
    cost: money.cost,
    grossMargin: money.grossMargin,
    grossMarginAfterMarkdowns: money.grossMarginAfterMarkdowns,
    actualSales: money.actualSales,
    actualMarkdowns: money.actualMarkdowns,
  };
}

/**
 * Open-to-buy, period by period, in units and at retail value (units at the plan's price of their
 * week): each period ends with the category's target stock, starts with what the one before ended
 * with (the counted stock for the first), and buys what that leaves: end stock + sales + markdowns
 * − beginning stock − receipts on order. Markdowns lower the stock's value, not its units, so they
 * count in the value plan only. Margin is the planned sales value less its cost, then less the
 * markdown budget.
 */
export function openToBuy(input: StockPlanInput): OpenToBuyFigures[] {
  const { sales, price, unitCost, onOrder, target } = input;
  const valueOf = (units: number[]) => units.map((u, w) => u * (price[w] ?? 0));
  const salesValue = valueOf(sales);
  const receiptsValue = valueOf(onOrder);
  let units = input.openingStock;
  let value = input.openingStock * (price[0] ?? 0);
  return input.periods.map((weeks) => {
    const planned = sumAt(sales, weeks);
    const plannedValue = sumAt(salesValue, weeks);
    const markdowns = sumAt(input.markdowns, weeks);
    const inUnits = flows(units, sumAt(onOrder, weeks), planned, 0, endStockFor(target, planned, weeks.length));
    const inValue = flows(value, sumAt(receiptsValue, weeks), plannedValue, markdowns, endStockFor(target, plannedValue, weeks.length));
    const costed = weeks.every((w) => unitCost[w] !== null || !sales[w]);
    const cost = costed ? weeks.reduce((t, w) => t + (sales[w] ? sales[w] * (unitCost[w] ?? 0) : 0), 0) : null;
    units = endStockFor(target, planned, weeks.length);
    value = endStockFor(target, plannedValue, weeks.length);
    return figuresOf(inUnits, {
      value: inValue,
      cost: cost === null ? null : round(cost),
      grossMargin: cost === null ? null : round(plannedValue - cost),
      grossMarginAfterMarkdowns: cost === null ? null : round(plannedValue - cost - markdowns),
      actualSales: round(sumAt(input.actualSales, weeks)),
      actualMarkdowns: round(sumAt(input.actualMarkdowns, weeks)),
    });
  });
}

/**
 * A category's markdown budget per week for each of its rows (clusters): a rate takes its share of
 * each week's planned sales value; an amount is spread over its weeks by planned sales value (evenly
 * where nothing is planned). `salesValue[row][week]`; `weeks` are the plan's Mondays.
 */
export function markdownsByWeek(entries: MerchandiseTargetsView['markdowns'], weeks: string[], salesValue: number[][]): number[][] {
  const result = salesValue.map((row) => row.map(() => 0));
  for (const entry of entries) {
    const inEntry = weeks.flatMap((week, i) => (week >= entry.from && week <= entry.to ? [i] : []));
    const cells = salesValue.length * inEntry.length;
    const total = salesValue.reduce((t, row) => t + sumAt(row, inEntry), 0);
    salesValue.forEach((row, r) => {
      for (const w of inEntry) {
        if (entry.ratePercent !== null) result[r][w] += (entry.ratePercent / 100) * row[w];
        else if (entry.amount !== null) result[r][w] += total > 0 ? (entry.amount * row[w]) / total : entry.amount / cells;
      }
    });
  }
  return result;
}

/** Rows summed period by period (a category's clusters, or the whole plan), their ratios worked again from the sums. */
export function sumFigures(rows: OpenToBuyFigures[][]): OpenToBuyFigures[] {
  const periods = rows[0]?.length ?? 0;
  return Array.from({ length: periods }, (_, p) => {
    const at = rows.map((row) => row[p]);
    const total = (pick: (f: OpenToBuyFigures) => number) => round(at.reduce((t, f) => t + pick(f), 0));
    const maybe = (pick: (f: OpenToBuyFigures) => number | null) => (at.every((f) => pick(f) !== null) ? total((f) => pick(f) ?? 0) : null);
    const sumFlows = (of: (f: OpenToBuyFigures) => StockFlows): StockFlows => ({
      beginningStock: total((f) => of(f).beginningStock),
      receipts: total((f) => of(f).receipts),
      sales: total((f) => of(f).sales),
      markdowns: total((f) => of(f).markdowns),
      endStock: total((f) => of(f).endStock),
      openToBuy: total((f) => of(f).openToBuy),
    });
    return figuresOf(sumFlows((f) => f), {
      value: sumFlows((f) => f.value),
      cost: maybe((f) => f.cost),
      grossMargin: maybe((f) => f.grossMargin),
      grossMarginAfterMarkdowns: maybe((f) => f.grossMarginAfterMarkdowns),
      actualSales: total((f) => f.actualSales),
      actualMarkdowns: total((f) => f.actualMarkdowns),
    });
  });
}
