import { readCsvHeader } from '@tideline/server-kit';
import { DRIVER_COLUMNS } from '@tideline/contracts';
import { PLAN_OPTIONAL_COLUMNS, PLAN_REQUIRED_COLUMNS, readPlanRow } from './plan-row';
import { Problem, detectDelimiter, parseWeek, readHeader, readRow, weeksInIsoYear } from './sales-row';

describe('sales CSV rows', () => {
  const header = readHeader(['\uFEFFWeek', 'store', 'SKU', 'units', 'promo'], ',');

  it('detects the delimiter from the header', () => {
    expect(detectDelimiter('week;store;sku;units')).toBe(';');
    expect(detectDelimiter('week\tstore\tsku\tunits')).toBe('\t');
    expect(detectDelimiter('week,store,sku,units')).toBe(',');
  });

  it('reads a header with a BOM and any case, and names what is wrong with a bad one', () => {
    expect(header).toEqual({ delimiter: ',', index: { week: 0, store: 1, sku: 2, units: 3, promo: 4 }, width: 5, extras: [], ignored: [], decimalComma: false });
    expect(readHeader(['week', 'store', 'sku'], ',')).toEqual({
      error: 'Missing required column(s) in the header: units; expected week, store, sku, units and optionally revenue, price, promo, on_hand, stockout, then any driver columns',
    });
    expect(readHeader(['week', 'store', 'sku', 'units', 'revenu'], ',')).toMatchObject({ error: expect.stringContaining('"revenu" (revenue?)') });
    expect(readHeader(['week', 'store', 'sku', 'units', 'Unit Price'], ',')).toMatchObject({ error: expect.stringContaining('"unit price"') });
    expect(readHeader(['week', 'store', 'sku', 'units', 'units'], ',')).toEqual({ error: 'Column(s) repeated in the header: units' });
  });

  it('takes a Monday or an ISO week, and refuses anything else', () => {
    expect(parseWeek('2026-11-23')).toBe('2026-11-23');
    expect(parseWeek('2026-W48')).toBe('2026-11-23');
    expect(parseWeek('2026-W01')).toBe('2025-12-29');
    expect(parseWeek('2020-W53')).toBe('2020-12-28');
    expect(parseWeek('2026-W53')).toBe('2026-12-28');
    expect(parseWeek('2025-W53')).toEqual({ error: '2025 has ISO weeks 1 to 52' });
    expect(parseWeek('2026-11-24')).toEqual({ error: '2026-11-24 is not a Monday (weeks are named by their Monday)' });
    expect(parseWeek('2026-02-30')).toEqual({ error: 'not a valid date' });
    expect(parseWeek('23/11/2026')).toEqual({ error: 'expected a Monday as YYYY-MM-DD or an ISO week as YYYY-Www' });
    expect([2015, 2020, 2025, 2026, 2027].map(weeksInIsoYear)).toEqual([53, 53, 52, 53, 52]);
  });

  it('accepts a good row', () => {
    if ('error' in header) throw new Error(header.error);
    const problems: Problem[] = [];
    expect(readRow(7, ['2026-W48', 'S01', 'SKU-1', '12.5', '1'], header, problems)).toEqual([7, '2026-11-23', 'S01', 'SKU-1', 12.5, null, null, true, null, null, null]);
    expect(problems).toEqual([]);
  });

  it('reports every problem of a bad row with its line and column', () => {
    if ('error' in header) throw new Error(header.error);
    const problems: Problem[] = [];
    expect(readRow(9, ['2026-11-24', '', 'bad sku!', 'NaN', 'yes'], header, problems)).toBeUndefined();
    expect(readRow(10, ['2026-11-23', 'S1'], header, problems)).toBeUndefined();
    expect(problems).toEqual([
      { line: 9, column: 'week', value: '2026-11-24', reason: '2026-11-24 is not a Monday (weeks are named by their Monday)' },
      { line: 9, column: 'store', value: '', reason: 'store is required' },
      { line: 9, column: 'sku', value: 'bad sku!', reason: 'not a valid sku code' },
      { line: 9, column: 'units', value: 'NaN', reason: 'not a finite number' },
      { line: 9, column: 'promo', value: 'yes', reason: 'expected 0 or 1' },
      { line: 10, column: '*', value: '2026-11-23,S1', reason: 'expected 5 fields, found 2' },
    ]);
  });

  it('takes extra numeric columns as named drivers, leaving out empty cells', () => {
    const withDrivers = readHeader(['week', 'store', 'sku', 'units', 'price', 'feature', 'display'], ',');
    if ('error' in withDrivers) throw new Error(withDrivers.error);
    expect(withDrivers.extras).toEqual([{ name: 'feature', index: 5 }, { name: 'display', index: 6 }]);
    const problems: Problem[] = [];
    expect(readRow(2, ['2026-11-23', 'S01', 'SKU-1', '3', '1.99', '1', ''], withDrivers, problems)).toEqual([2, '2026-11-23', 'S01', 'SKU-1', 3, null, 1.99, null, '{"feature":1}', null, null]);
    expect(readRow(3, ['2026-11-23', 'S01', 'SKU-1', '3', '1.99', 'x', ''], withDrivers, problems)).toBeUndefined();
    expect(problems).toEqual([{ line: 3, column: 'feature', value: 'x', reason: 'not a finite number' }]);
  });

  it('reads plan rows: a store or * for the whole chain, and something planned', () => {
    const planHeader = readCsvHeader(['week', 'store', 'sku', 'price', 'promo', 'display'], ',', PLAN_REQUIRED_COLUMNS, PLAN_OPTIONAL_COLUMNS, { extra: DRIVER_COLUMNS });
    if ('error' in planHeader) throw new Error(planHeader.error);
    const problems: Problem[] = [];
    expect(readPlanRow(2, ['2027-W02', '*', 'SKU-1', '1.49', '1', '1'], planHeader, problems)).toEqual([2, '2027-01-11', '*', 'SKU-1', 1.49, true, '{"display":1}']);
    expect(readPlanRow(3, ['2027-W02', 'S01', 'SKU-1', '', '', ''], planHeader, problems)).toBeUndefined();
    expect(readPlanRow(4, ['2027-W02', 'S 1', 'SKU-1', '-1', '1', ''], planHeader, problems)).toBeUndefined();
    expect(problems).toEqual([
      { line: 3, column: 'price', value: '', reason: 'the row plans nothing: give a price, a promo flag or a driver' },
      { line: 4, column: 'store', value: 'S 1', reason: 'not a valid store code' },
      { line: 4, column: 'price', value: '-1', reason: 'must not be negative' },
    ]);
  });

  it("takes what spreadsheets write: a midnight time after the date, decimal commas in a ';' file, and names what it still refuses", () => {
    expect(parseWeek('2026-11-16 00:00:00')).toBe('2026-11-16');
    expect(parseWeek('2026-11-16T00:00:00.000Z')).toBe('2026-11-16');
    expect(parseWeek('2026-11-16 13:30:00')).toEqual({ error: 'a week is a date; a time after it must be midnight (00:00:00)' });
    expect(parseWeek('11/16/2026')).toEqual({ error: 'expected a Monday as YYYY-MM-DD or an ISO week as YYYY-Www' });
    const european = readCsvHeader(['week', 'store', 'sku', 'units', 'price'], ';', ['week', 'store', 'sku', 'units'], ['price'], { decimalComma: true });
    if ('error' in european) throw new Error(european.error);
    const problems: Problem[] = [];
    expect(readRow(2, ['2026-11-16 00:00:00', 'S1', 'P1', '12,5', '1,99'], european, problems)).toEqual([2, '2026-11-16', 'S1', 'P1', 12.5, null, 1.99, null, null, null, null]);
    // Thousands separators are ambiguous: refused, by column.
    expect(readRow(3, ['2026-11-16', 'S1', 'P1', '1.234,5', ''], european, problems)).toBeUndefined();
    expect(problems).toEqual([{ line: 3, column: 'units', value: '1.234,5', reason: 'not a finite number' }]);
  });

  it('leaves out the columns it does not know when asked, naming them', () => {
    const lenient = readCsvHeader(['week', 'Store Name', 'store', 'sku', 'units', 'feature'], ',', ['week', 'store', 'sku', 'units'], [], { extra: DRIVER_COLUMNS, ignoreUnknown: true });
    expect(lenient).toMatchObject({ index: { week: 0, store: 2, sku: 3, units: 4 }, extras: [], ignored: ['Store Name', 'feature'] });
    expect(readCsvHeader(['week', 'Store Name', 'store', 'sku', 'units'], ',', ['week', 'store', 'sku', 'units'], [], { extra: DRIVER_COLUMNS })).toMatchObject({
      error: expect.stringContaining('Unrecognised column(s) in the header: "store name"'),
    });
  });

  it('reads stock: units on hand and the stock-out flag, each refused by its column when wrong', () => {
    const stocked = readHeader(['week', 'store', 'sku', 'units', 'on_hand', 'stockout'], ',');
    if ('error' in stocked) throw new Error(stocked.error);
    const problems: Problem[] = [];
    expect(readRow(2, ['2026-11-16', 'S1', 'P1', '3', '0', '1'], stocked, problems)).toEqual([2, '2026-11-16', 'S1', 'P1', 3, null, null, null, null, 0, true]);
    expect(readRow(3, ['2026-11-16', 'S1', 'P2', '3', '-4', 'yes'], stocked, problems)).toBeUndefined();
    expect(problems).toEqual([
      { line: 3, column: 'on_hand', value: '-4', reason: 'must not be negative' },
      { line: 3, column: 'stockout', value: 'yes', reason: 'expected 0 or 1' },
    ]);
  });
});
