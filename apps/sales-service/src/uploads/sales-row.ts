import { CODE_PATTERN, DRIVER_COLUMNS, MAX_PRICE, MAX_QUANTITY } from '@tideline/contracts';
import { Cell, CsvHeader, RowReader, cellOf, detectDelimiter, numberOf, readCsvHeader } from '@tideline/server-kit';

export const REQUIRED_COLUMNS = ['week', 'store', 'sku', 'units'] as const;
/** `on_hand`: units in stock at the week's end; `stockout`: 1 when the shelf ran empty during the week. */
export const OPTIONAL_COLUMNS = ['revenue', 'price', 'promo', 'on_hand', 'stockout'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

export type SalesHeader = CsvHeader<Column>;

export type { RowProblem as Problem } from '@tideline/server-kit';
import type { RowProblem as Problem } from '@tideline/server-kit';

export { detectDelimiter };

export function readHeader(fields: string[], delimiter: string): SalesHeader | { error: string } {
  return readCsvHeader(fields, delimiter, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, { extra: DRIVER_COLUMNS });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

/** 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday; else 52. */
export function weeksInIsoYear(year: number): number {
  const p = (y: number) => (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)) % 7;
  return p(year) === 4 || p(year - 1) === 3 ? 53 : 52;
}

type WeekOrError = string | { error: string };
const knownWeeks = new Map<string, WeekOrError>();
const KNOWN_WEEKS_MAX = 10_000;

/** The ISO date of the Monday the value names, or the reason it names none. */
export function parseWeek(value: string): WeekOrError {
  // A file names few distinct weeks on many rows: remember the answers (bounded).
  let parsed = knownWeeks.get(value);
  if (parsed === undefined) {
    if (knownWeeks.size >= KNOWN_WEEKS_MAX) knownWeeks.clear();
    parsed = parseWeekText(value);
    knownWeeks.set(value, parsed);
  }
  return parsed;
}

/** A spreadsheet's date-time at midnight (`2026-11-16 00:00:00`, `2026-11-16T00:00:00.000Z`): the date alone. */
const MIDNIGHT = /^(\d{4}-\d{2}-\d{2})[ T]00:00(:00(\.0+)?)?Z?$/;
const WITH_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/;

function parseWeekText(text: string): WeekOrError {
  const value = MIDNIGHT.exec(text)?.[1] ?? text;
  if (value === text && WITH_TIME.test(text)) return { error: 'a week is a date; a time after it must be midnight (00:00:00)' };
  const date = ISO_DATE.exec(value);
  if (date) {
    const d = new Date(Date.UTC(+date[1], +date[2] - 1, +date[3]));
    if (d.toISOString().slice(0, 10) !== value) return { error: 'not a valid date' };
    if (d.getUTCDay() !== 1) return { error: `${value} is not a Monday (weeks are named by their Monday)` };
    return value;
  }
  const week = ISO_WEEK.exec(value);
  if (week) {
    const [year, number] = [+week[1], +week[2]];
    if (number < 1 || number > weeksInIsoYear(year)) return { error: `${year} has ISO weeks 1 to ${weeksInIsoYear(year)}` };
    // ISO 8601: week 1 is the week holding January 4th.
    const jan4 = Date.UTC(year, 0, 4);
    const firstMonday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
    return new Date(firstMonday + (number - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
  }
  return { error: 'expected a Monday as YYYY-MM-DD or an ISO week as YYYY-Www' };
}

function optionalNumber(value: string, nonNegative: boolean, max = MAX_QUANTITY, decimalComma = false): number | null | { error: string } {
  if (value === '') return null;
  const n = numberOf(value, { decimalComma });
  if (!Number.isFinite(n)) return { error: 'not a finite number' };
  if (nonNegative && n < 0) return { error: 'must not be negative' };
  // Beyond any real figure; sums and forecasts of it would overflow.
  if (Math.abs(n) > max) return { error: `must be between -${max.toExponential()} and ${max.toExponential()}` };
  return n;
}

function report(problems: Problem[], line: number, column: string, value: string, reason: string): void {
  problems.push({ line, column, value, reason });
}

/** A code column (store, SKU, order), reported where empty or malformed. */
export function code(problems: Problem[], line: number, column: string, value: string): void {
  if (value === '') report(problems, line, column, '', `${column} is required`);
  else if (!CODE_PATTERN.test(value)) report(problems, line, column, value, `not a valid ${column} code`);
}

/** The week (from `weekColumn`), store and SKU of a record (reported where wrong); `*` stands for every store where `anyStore`. */
export function readKey(line: number, fields: string[], header: CsvHeader<string>, problems: Problem[], anyStore = false, weekColumn = 'week'): [string, string, string] {
  const weekText = cellOf(fields, header, weekColumn);
  const week = parseWeek(weekText);
  if (typeof week !== 'string') report(problems, line, weekColumn, weekText, week.error);
  const store = cellOf(fields, header, 'store');
  if (!(anyStore && store === ANY_STORE)) code(problems, line, 'store', store);
  const sku = cellOf(fields, header, 'sku');
  code(problems, line, 'sku', sku);
  return [week as string, store, sku];
}

/** An optional number column of a record (null when empty), reported where wrong. */
export function numberCell(line: number, fields: string[], header: CsvHeader<string>, problems: Problem[], column: string, nonNegative: boolean, max = MAX_QUANTITY): number | null {
  const text = cellOf(fields, header, column);
  const value = optionalNumber(text, nonNegative, max, header.decimalComma);
  if (value === null || typeof value !== 'object') return value;
  report(problems, line, column, text, value.error);
  return null;
}

/** An optional 0/1 column of a record (null when empty), reported where wrong. */
function flagCell(line: number, fields: string[], header: CsvHeader<string>, problems: Problem[], column: string): boolean | null {
  const text = cellOf(fields, header, column);
  const flag = FLAGS[text.toLowerCase()];
  if (flag === undefined) report(problems, line, column, text, 'expected 0 or 1');
  return flag ?? null;
}

/** A plan row's store that stands for every store of the chain. */
export const ANY_STORE = '*';

/**
 * The demand drivers of a record (reported where wrong): price, promo, and the file's extra columns
 * as a JSON object of numbers (empty cells left out; null when there is none).
 */
export function readDrivers(line: number, fields: string[], header: CsvHeader<string>, problems: Problem[]): [number | null, boolean | null, string | null] {
  const price = numberCell(line, fields, header, problems, 'price', true, MAX_PRICE);
  const promo = flagCell(line, fields, header, problems, 'promo');
  let drivers: string | null = null;
  for (const { name, index } of header.extras) {
    const text = fields[index].trim();
    const value = optionalNumber(text, false, MAX_QUANTITY, header.decimalComma);
    if (value !== null && typeof value === 'object') report(problems, line, name, text, value.error);
    else if (value !== null) drivers = `${drivers === null ? '{' : `${drivers},`}"${name}":${value}`;
  }
  return [price, promo, drivers === null ? null : `${drivers}}`];
}

/** False (after reporting it) when the record does not have the header's number of fields. */
export function hasHeaderWidth(line: number, fields: string[], header: CsvHeader<string>, problems: Problem[]): boolean {
  if (fields.length === header.width) return true;
  report(problems, line, '*', fields.join(header.delimiter).slice(0, 200), `expected ${header.width} fields, found ${fields.length}`);
  return false;
}

/**
 * Validates one record. Returns its staged values (line, week, store, sku, units, revenue, price,
 * promo, drivers, on_hand, stockout), or undefined after adding every problem it has, each with its column, to `problems`.
 * Runs for every row of every file, so it allocates as little as it can.
 */
export function readRow(line: number, fields: string[], header: SalesHeader, problems: Problem[]): Cell[] | undefined {
  if (!hasHeaderWidth(line, fields, header, problems)) return undefined;
  const before = problems.length;
  const [week, store, sku] = readKey(line, fields, header, problems);
  const unitsText = cellOf(fields, header, 'units');
  const units = unitsText === '' ? { error: 'units is required' } : optionalNumber(unitsText, false, MAX_QUANTITY, header.decimalComma);
  if (units === null || typeof units === 'object') report(problems, line, 'units', unitsText, units?.error ?? 'units is required');
  const revenue = numberCell(line, fields, header, problems, 'revenue', false);
  const [price, promo, drivers] = readDrivers(line, fields, header, problems);
  const onHand = numberCell(line, fields, header, problems, 'on_hand', true);
  const stockout = flagCell(line, fields, header, problems, 'stockout');
  if (problems.length > before) return undefined;
  return [line, week, store, sku, units as number, revenue, price, promo, drivers, onHand, stockout];
}

/** What a 0/1 column may hold (promo, stockout); an empty cell is not said. */
const FLAGS: Record<string, boolean | null | undefined> = Object.assign(Object.create(null), {
  '': null,
  '1': true,
  true: true,
  '0': false,
  false: false,
});

/** The weekly sales file as stageChunk reads it. */
export const SALES_ROWS: RowReader = {
  required: REQUIRED_COLUMNS,
  optional: OPTIONAL_COLUMNS,
  extra: DRIVER_COLUMNS,
  stagingTemplate: '"sales"."staging_template"',
  columns: ['week', 'store', 'sku', 'units', 'revenue', 'price', 'promo', 'drivers', 'on_hand', 'stockout'],
  weekAt: 1, // staged by week, so that a week sales.facts lacks is attached to it whole (UploadFinalizer)
  read: (line, fields, header, problems) => readRow(line, fields, header as SalesHeader, problems),
};
