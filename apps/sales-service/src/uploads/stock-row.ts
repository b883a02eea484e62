import { Cell, CsvHeader, RowReader } from '@tideline/server-kit';
import { Problem, hasHeaderWidth, numberCell, readKey } from './sales-row';

/**
 * Stock on hand (`POST /api/sales/stock/uploads`): the units of a SKU in a store at the end of a
 * week, one row per week, store and SKU. Its staged values (line, week, store, sku, on_hand), or
 * undefined after adding each of its problems to `problems`.
 */
export function readStockRow(line: number, fields: string[], header: CsvHeader<string>, problems: Problem[]): Cell[] | undefined {
  if (!hasHeaderWidth(line, fields, header, problems)) return undefined;
  const before = problems.length;
  const [week, store, sku] = readKey(line, fields, header, problems);
  const onHand = numberCell(line, fields, header, problems, 'on_hand', true);
  if (problems.length === before && onHand === null) problems.push({ line, column: 'on_hand', value: '', reason: 'on_hand is required' });
  if (problems.length > before) return undefined;
  return [line, week, store, sku, onHand];
}

/** The stock file as stageChunk reads it. */
export const STOCK_ROWS: RowReader = {
  required: ['week', 'store', 'sku', 'on_hand'],
  optional: [],
  stagingTemplate: '"sales"."stock_staging_template"',
  columns: ['week', 'store', 'sku', 'on_hand'],
  read: readStockRow,
};
