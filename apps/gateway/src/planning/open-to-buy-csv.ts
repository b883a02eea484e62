import type { OpenToBuyFigures, OpenToBuyView, StockFlows } from '@tideline/contracts';
import { csvCell } from '../uploads/rejections-csv';

const FLOWS: Array<[keyof StockFlows, string]> = [
  ['beginningStock', 'beginning_stock'],
  ['receipts', 'receipts'],
  ['sales', 'sales'],
  ['markdowns', 'markdowns'],
  ['endStock', 'end_stock'],
  ['openToBuy', 'open_to_buy'],
];
const MONEY: Array<[keyof OpenToBuyFigures, string]> = [
  ['cost', 'cost'],
  ['grossMargin', 'gross_margin'],
  ['grossMarginAfterMarkdowns', 'gross_margin_after_markdowns'],
  ['actualSales', 'actual_sales'],
  ['actualMarkdowns', 'actual_markdowns'],
];

const HEADER = [
  'category',
  'cluster',
  'period',
  'from',
  'to',
  ...FLOWS.map(([, name]) => name),
  'turns',
  'sell_through',
  ...FLOWS.map(([, name]) => `${name}_value`),
  ...MONEY.map(([, name]) => name),
];

const number = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/**
 * Open-to-buy as CSV: a line per row and period, the flows in units then at retail value, margin
 * and actuals; a row summed over categories or clusters says `*` there. Names a spreadsheet would
 * run as formulas are neutralised.
 */
export function openToBuyCsv(view: OpenToBuyView): string {
  const lines = view.rows.flatMap((row) =>
    view.periods.map((period, i) => {
      const figures = row.figures[i];
      return [
        csvCell(row.category ?? '*'),
        csvCell(row.cluster ?? '*'),
        csvCell(period.name),
        period.from,
        period.to,
        ...FLOWS.map(([key]) => number(figures[key])),
        number(figures.turns),
        number(figures.sellThrough),
        ...FLOWS.map(([key]) => number(figures.value[key])),
        ...MONEY.map(([key]) => number(figures[key])),
      ].join(',');
    }),
  );
  return [HEADER.join(','), ...lines].join('\n') + '\n';
}
