/** How a cell's value is shown: numbers are right-aligned and formatted for the user's locale. */
export type CellFormat = 'text' | 'integer' | 'decimal' | 'percent' | 'datetime';

/** One column of `tl-data-table`. */
export interface TableColumn<T> {
  /** Unique within the table; also the sort key. */
  key: string;
  label: string;
  value: (row: T) => string | number | null | undefined;
  format?: CellFormat;
}

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The text of a cell; an absent value shows as an em dash, so it never reads as zero. */
export function formatCell(value: string | number | null | undefined, format: CellFormat = 'text'): string {
  if (value === null || value === undefined || value === '') return '—';
  // `|| 0` turns a rounded -0 (a tiny negative gap) into 0, so no "-0" appears.
  switch (format) {
    case 'integer':
      return integer.format(Math.round(Number(value)) || 0);
    case 'decimal':
      return decimal.format(Math.round(Number(value) * 10) / 10 || 0);
    case 'percent':
      return `${decimal.format(Math.round(Number(value) * 10) / 10 || 0)}%`;
    case 'datetime':
      return dateTime.format(new Date(value));
    default:
      return String(value);
  }
}

export const isNumeric = (format: CellFormat | undefined) => format === 'integer' || format === 'decimal' || format === 'percent';
