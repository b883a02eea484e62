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
}

/**
 * Reads a header record against the contract's columns (any case, BOM ignored). Unknown,
 * repeated or missing columns fail the whole file with a reason naming them: a misspelt optional
 * column silently ignored would lose data.
 */
export function readCsvHeader<C extends string>(
  fields: string[],
  delimiter: string,
  required: readonly C[],
  optional: readonly C[],
): CsvHeader<C> | { error: string } {
  const names = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim().toLowerCase());
  const known = new Set<string>([...required, ...optional]);
  const unknown = names.filter((n) => !known.has(n));
  const expected = `expected ${required.join(', ')}${optional.length ? ` and optionally ${optional.join(', ')}` : ''}`;
  if (unknown.length > 0) return { error: `Unrecognised column(s) in the header: ${unknown.map((n) => `"${n}"`).join(', ')}; ${expected}` };
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) return { error: `Column(s) repeated in the header: ${[...new Set(repeated)].join(', ')}` };
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length > 0) return { error: `Missing required column(s) in the header: ${missing.join(', ')}; ${expected}` };
  const index: Partial<Record<C, number>> = {};
  names.forEach((n, i) => (index[n as C] = i));
  return { delimiter, index, width: names.length };
}

/** The trimmed text of column `c` of a record ('' when the file has no such column). */
export function cellOf<C extends string>(fields: string[], header: CsvHeader<C>, c: C): string {
  const i = header.index[c];
  return i === undefined ? '' : fields[i].trim();
}
