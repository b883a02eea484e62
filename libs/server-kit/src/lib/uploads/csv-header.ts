const DELIMITERS = [',', ';', '\t'];

/** The delimiter that splits the header into the most fields (`,` on a tie). */
export function detectDelimiter(headerLine: string): string {
  const counts = DELIMITERS.map((d) => headerLine.split(d).length);
  return DELIMITERS[counts.indexOf(Math.max(...counts))];
}

export interface CsvHeader<C extends string> {
  delimiter: string;
  /** Position of each column present in the file. */
  index: Partial<Record<C, number>>;
  width: number;
  /** Columns outside the contract that the file kind accepts by name (see `ExtraColumns`), with their positions. */
  extras: Array<{ name: string; index: number }>;
  /** Columns left out at the sender's request (`ignoreColumns`). */
  ignored: string[];
  /** Numbers write their decimals with a comma (`12,50`). */
  decimalComma: boolean;
}

/** `12,50` or `-0,5`: a decimal comma (no thousands separators, which would be ambiguous). */
const DECIMAL_COMMA = /^-?\d+,\d+$/;

/** A number cell of a file whose header says how it writes decimals (NaN when it is not a number). */
export function numberOf(value: string, header: Pick<CsvHeader<string>, 'decimalComma'>): number {
  return Number(header.decimalComma && DECIMAL_COMMA.test(value) ? value.replace(',', '.') : value);
}

/** How a header is read beyond its contract: accepted extra columns, or every other column ignored. */
export interface HeaderOptions {
  extra?: ExtraColumns;
  /** Leave every column outside the contract out (no extras), naming them, rather than refuse the file. */
  ignoreUnknown?: boolean;
  decimalComma?: boolean;
}

/** Columns a file kind accepts beyond its contract ones, e.g. named demand drivers: names matching `pattern`. */
export interface ExtraColumns {
  pattern: RegExp;
  /** What such a column is, for the error messages ("driver"). */
  what: string;
  /** At most this many. */
  max: number;
}

/** Edit distance, for telling a misspelt contract column from a deliberate extra one. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/**
 * Reads a header record against the contract's columns (any case, BOM ignored). Unknown,
 * repeated or missing columns fail the whole file with a reason naming them: a misspelt optional
 * column silently ignored would lose data. With `extra`, other columns are accepted by name, except
 * one within two edits of a contract column ("revenu"), which is far likelier a typing error. With
 * `ignoreUnknown`, every other column is left out and named in `ignored`.
 */
export function readCsvHeader<C extends string>(
  fields: string[],
  delimiter: string,
  required: readonly C[],
  optional: readonly C[],
  options: HeaderOptions = {},
): CsvHeader<C> | { error: string } {
  const names = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim().toLowerCase());
  const contract = [...required, ...optional];
  const known = new Set<string>(contract);
  const extra = options.ignoreUnknown ? undefined : options.extra;
  const decimalComma = options.decimalComma ?? false;
  const expected = `expected ${required.join(', ')}${optional.length ? ` and optionally ${optional.join(', ')}` : ''}${extra ? `, then any ${extra.what} columns` : ''}`;
  const misspelt = extra ? names.filter((n) => !known.has(n) && contract.some((c) => distance(n, c) <= 2)) : [];
  if (misspelt.length > 0) {
    const near = (n: string) => contract.find((c) => distance(n, c) <= 2);
    return { error: `Column(s) in the header look like misspelt contract columns: ${misspelt.map((n) => `"${n}" (${near(n)}?)`).join(', ')}; ${expected}` };
  }
  const unknown = options.ignoreUnknown ? [] : names.filter((n) => !known.has(n) && !extra?.pattern.test(n));
  if (unknown.length > 0) {
    const rule = extra ? ` (a ${extra.what} column is named by ${extra.pattern.source})` : '';
    return { error: `Unrecognised column(s) in the header: ${unknown.map((n) => `"${n}"`).join(', ')}${rule}; ${expected}` };
  }
  const extraCount = extra ? names.filter((n) => !known.has(n)).length : 0;
  if (extra && extraCount > extra.max) return { error: `The header has ${extraCount} ${extra.what} columns; at most ${extra.max} are accepted` };
  const repeated = names.filter((n, i) => (known.has(n) || extra !== undefined) && names.indexOf(n) !== i);
  if (repeated.length > 0) return { error: `Column(s) repeated in the header: ${[...new Set(repeated)].join(', ')}` };
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length > 0) return { error: `Missing required column(s) in the header: ${missing.join(', ')}; ${expected}` };
  const index: Partial<Record<C, number>> = {};
  const extras: CsvHeader<C>['extras'] = [];
  const ignored: string[] = [];
  names.forEach((n, i) => {
    if (known.has(n)) index[n as C] = i;
    else if (extra) extras.push({ name: n, index: i });
    else ignored.push(fields[i].replace(/^\uFEFF/, '').trim());
  });
  return { delimiter, index, width: names.length, extras, ignored, decimalComma };
}

/** The trimmed text of column `c` of a record ('' when the file has no such column). */
export function cellOf<C extends string>(fields: string[], header: CsvHeader<C>, c: C): string {
  const i = header.index[c];
  return i === undefined ? '' : fields[i].trim();
}
