import { DRIVER_COLUMNS } from '@tideline/contracts';
import { Cell, CsvHeader, RowReader } from '@tideline/server-kit';
import { Problem, hasHeaderWidth, readDrivers, readKey } from './sales-row';

export const PLAN_REQUIRED_COLUMNS = ['week', 'store', 'sku'] as const;
export const PLAN_OPTIONAL_COLUMNS = ['price', 'promo'] as const;

/**
 * One planned week of a SKU in a store (or `*`: every store): its staged values (line, week, store,
 * sku, price, promo, drivers), or undefined after adding each of its problems to `problems`.
 * A row must plan something: a price, a promo flag or a driver.
 */
export function readPlanRow(line: number, fields: string[], header: CsvHeader<string>, problems: Problem[]): Cell[] | undefined {
  if (!hasHeaderWidth(line, fields, header, problems)) return undefined;
  const before = problems.length;
  const [week, store, sku] = readKey(line, fields, header, problems, true);
  const [price, promo, drivers] = readDrivers(line, fields, header, problems);
  if (problems.length > before) return undefined;
  if (price === null && promo === null && drivers === null) {
    problems.push({ line, column: 'price', value: '', reason: 'the row plans nothing: give a price, a promo flag or a driver' });
    return undefined;
  }
  return [line, week, store, sku, price, promo, drivers];
}

/** The planned drivers file (`POST /api/sales/plans/uploads`) as stageChunk reads it. */
export const PLAN_ROWS: RowReader = {
  required: PLAN_REQUIRED_COLUMNS,
  optional: PLAN_OPTIONAL_COLUMNS,
  extra: DRIVER_COLUMNS,
  stagingTemplate: '"sales"."plan_staging_template"',
  columns: ['week', 'store', 'sku', 'price', 'promo', 'drivers'],
  read: readPlanRow,
};
