import { parseString } from 'fast-csv';
import { NUL } from './copy-rows';

export const NUL_ERROR = 'contains a NUL byte: this looks like binary data, not CSV text';

export type ParsedRecord = { line: number; fields: string[] } | { line: number; error: string };

function parseText(text: string, delimiter: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(text, { delimiter, quote: '"', escape: '"', headers: false, ignoreEmpty: false })
      .on('data', (row: string[]) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}

/**
 * Parses whole records (as cut by the gateway) with fast-csv. The chunk is parsed in one pass;
 * if that fails (a malformed quote somewhere), each record is parsed alone so the error names
 * its line and the other records survive.
 */
export async function parseRecords(records: Array<[number, string]>, delimiter: string): Promise<ParsedRecord[]> {
  if (records.some(([, text]) => text.includes(NUL))) {
    // Postgres text cannot hold a NUL byte, so such a record could never be stored: it is refused
    // by itself (naming its line), and the others parse as usual.
    const parsed = new Map((await parseRecords(records.filter(([, text]) => !text.includes(NUL)), delimiter)).map((r) => [r.line, r]));
    return records.map(([line]) => parsed.get(line) ?? { line, error: NUL_ERROR });
  }
  // Most sales files quote nothing. A record without a quote character is, per RFC 4180, just its
  // fields joined by the delimiter, so splitting it is exact and several times faster than a parser.
  if (records.every(([, text]) => !text.includes('"'))) {
    return records.map(([line, text]) => ({ line, fields: text.split(delimiter) }));
  }
  try {
    const rows = await parseText(records.map(([, text]) => text).join('\n'), delimiter);
    if (rows.length === records.length) return rows.map((fields, i) => ({ line: records[i][0], fields }));
  } catch {
    // fall through to record-by-record parsing
  }
  return Promise.all(
    records.map(async ([line, text]) => {
      try {
        const rows = await parseText(text, delimiter);
        return rows.length === 1 ? { line, fields: rows[0] } : { line, error: 'not a single CSV record' };
      } catch (error) {
        return { line, error: `malformed CSV: ${(error as Error).message}` };
      }
    }),
  );
}
