import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A value in COPY's text format: NULL as \N; backslash, tab and line breaks escaped. */
function copyValue(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
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
  const text = rows.map((row) => row.map(copyValue).join('\t')).join('\n') + '\n';
  await pipeline(Readable.from([text]), client.query(copyFrom(sql)));
}
