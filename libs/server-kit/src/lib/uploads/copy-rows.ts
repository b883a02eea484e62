import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
export const NUL = '\u0000';

/** Text Postgres can store: a NUL byte, which no Postgres text can hold, becomes U+FFFD. */
export const storableText = (text: string) => (text.includes(NUL) ? text.replaceAll(NUL, '\uFFFD') : text);

/**
 * A value in COPY's text format: NULL as \N; backslash, tab and line breaks escaped. A NUL byte,
 * which Postgres text cannot hold at all, becomes U+FFFD: only a rejected value (shown, never
 * used) can still hold one, and the whole COPY would fail on it.
 */
export function copyValue(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  // Most values (codes, dates) need no escaping; testing once is far cheaper than five replaces.
  const text = storableText(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Loads rows with Postgres COPY (one round trip, no per-row INSERT), on the caller's transaction. */
export async function copyRows(
  client: PoolClient,
  /** Already quoted as needed, e.g. `"sales"."staging_rows"`. */
  table: string,
  columns: string[],
  rows: Array<Array<string | number | boolean | null>>,
): Promise<void> {
  if (rows.length === 0) return;
  const sql = `COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`;
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) text += (i === 0 ? '' : '\t') + copyValue(row[i]);
    text += '\n';
  }
  await pipeline(Readable.from([text]), client.query(copyFrom(sql)));
}
