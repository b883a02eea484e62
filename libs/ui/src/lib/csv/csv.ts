import Papa from 'papaparse';

/** One column of a grid as it is exported: its header and how to read a row's value. */
export interface CsvColumn<T> {
  label: string;
  value: (row: T) => unknown;
}

/**
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) gets
 * a leading apostrophe; numbers stay numbers.
 */
function neutralise(value: unknown): unknown {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A CSV of the rows, header first, quoted where needed (RFC 4180, by papaparse). */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  return Papa.unparse({
    fields: columns.map((c) => c.label),
    data: rows.map((row) => columns.map((c) => neutralise(c.value(row) ?? ''))),
  });
}

/** Parses a CSV with a header row into objects keyed by the header's names. */
export function parseCsv(text: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

/** Saves text as a file through the browser's download. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}
