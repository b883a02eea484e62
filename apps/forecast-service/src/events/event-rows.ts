import { CODE_PATTERN, DRIVER_COLUMNS, isMonday } from '@tideline/contracts';
import { RowProblem, cellOf, detectDelimiter, parseRecords, readCsvHeader } from '@tideline/server-kit';

/** One event week of an events file. */
export interface EventRow {
  line: number;
  name: string;
  week: string;
  region: string | null;
  store: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The good rows of an events file (`name,week[,region][,store]`, any delimiter, header in any case)
 * and every problem found, each with its line and column. Event files are small: read whole.
 */
export async function readEventRows(csv: string): Promise<{ rows: EventRow[]; problems: RowProblem[] }> {
  const lines = csv.split(/\r?\n/).map((text, i): [number, string] => [i + 1, text]).filter(([, text]) => text.trim() !== '');
  if (lines.length === 0) return { rows: [], problems: [{ line: 1, column: '*', value: '', reason: 'the file is empty' }] };
  const delimiter = detectDelimiter(lines[0][1]);
  const records = await parseRecords(lines, delimiter);
  const first = records[0];
  const header = 'fields' in first ? readCsvHeader(first.fields, delimiter, ['name', 'week'], ['region', 'store']) : { error: first.error };
  if ('error' in header) return { rows: [], problems: [{ line: first.line, column: '*', value: '', reason: header.error }] };
  const problems: RowProblem[] = [];
  const rows: EventRow[] = [];
  const report = (line: number, column: string, value: string, reason: string) => problems.push({ line, column, value, reason });
  for (const record of records.slice(1)) {
    if ('error' in record) {
      report(record.line, '*', '', record.error);
      continue;
    }
    const { line, fields } = record;
    if (fields.length !== header.width) {
      report(line, '*', fields.join(delimiter).slice(0, 200), `expected ${header.width} fields, found ${fields.length}`);
      continue;
    }
    const before = problems.length;
    const name = cellOf(fields, header, 'name');
    if (!DRIVER_COLUMNS.pattern.test(name)) report(line, 'name', name, 'expected lower case letters, digits and _ (a driver name), starting with a letter');
    const week = cellOf(fields, header, 'week');
    if (!ISO_DATE.test(week) || Number.isNaN(Date.parse(week))) report(line, 'week', week, 'expected a date (YYYY-MM-DD)');
    else if (!isMonday(week)) report(line, 'week', week, `${week} is not a Monday (weeks are named by their Monday)`);
    const region = cellOf(fields, header, 'region') || null;
    const store = cellOf(fields, header, 'store') || null;
    if (store !== null && !CODE_PATTERN.test(store)) report(line, 'store', store, 'not a valid store code');
    if (region !== null && store !== null) report(line, 'region', region, 'give a region or a store, not both (neither: the whole chain)');
    if (problems.length === before) rows.push({ line, name, week, region, store });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 1, column: '*', value: '', reason: 'the file has a header but no rows' });
  return { rows, problems };
}
