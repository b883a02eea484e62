import { Cell, CsvHeader, RowReader, cellOf } from '@tideline/server-kit';
import { Problem, code, hasHeaderWidth, numberCell, readKey } from './sales-row';

/**
 * A purchase order line (`POST /api/sales/orders/uploads`): units of a SKU ordered for a store,
 * due in a week, at a cost (the line's total). One line per order, store and SKU; a later file's
 * line replaces it (its due week, units or cost moved). Its staged values (line, week, store, sku,
 * order_no, units, cost), or undefined after adding each of its problems to `problems`.
 */
export function readOrderRow(line: number, fields: string[], header: CsvHeader<string>, problems: Problem[]): Cell[] | undefined {
  if (!hasHeaderWidth(line, fields, header, problems)) return undefined;
  const before = problems.length;
  const [week, store, sku] = readKey(line, fields, header, problems, false, 'due_week');
  const order = cellOf(fields, header, 'order');
  code(problems, line, 'order', order);
  const units = numberCell(line, fields, header, problems, 'units', true);
  const cost = numberCell(line, fields, header, problems, 'cost', true);
  for (const [column, value] of [['units', units], ['cost', cost]] as const) {
    if (value === null && !problems.some((p) => p.line === line && p.column === column)) problems.push({ line, column, value: '', reason: `${column} is required` });
  }
  if (problems.length > before) return undefined;
  return [line, week, store, sku, order, units, cost];
}

/** The purchase orders file as stageChunk reads it. */
export const ORDER_ROWS: RowReader = {
  required: ['order', 'sku', 'store', 'due_week', 'units', 'cost'],
  optional: [],
  stagingTemplate: '"sales"."order_staging_template"',
  columns: ['week', 'store', 'sku', 'order_no', 'units', 'cost'],
  read: readOrderRow,
};
