// A generated sales file and the same-run `psql \copy` baseline, as bench/ingest and bench/scale use them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { salesRows, SALES_HEADER, toCsvLine } = require('../../tools/demo-chain/generator.js');

/** Writes the demo generator's sales of `storeList` × `productList` over `weeks` (at most `rows`) to `file`; resolves with the rows written. */
export function writeSalesFile(file, { storeList, productList, weeks, rows = Infinity }) {
  const out = fs.openSync(file, 'w');
  let lines = [SALES_HEADER];
  let written = 0;
  for (const row of salesRows({ storeList, productList, weeks })) {
    lines.push(toCsvLine(row));
    if (++written === rows) break;
    if (lines.length === 50_000) {
      fs.writeSync(out, lines.join('\n') + '\n');
      lines = [];
    }
  }
  fs.writeSync(out, lines.join('\n') + '\n');
  fs.closeSync(out);
  return written;
}

/**
 * Seconds that `psql \copy` of `file` takes into a table shaped like sales.facts (same keys, index
 * and partitions) in the system's planning database. Autovacuum is off for this throwaway table, so
 * vacuuming it cannot slow what is measured next; the copy starts and ends with a CHECKPOINT, so
 * neither it nor what follows pays for the other's WAL.
 */
export async function copyBaseline(system, file) {
  const db = await system.database('planning');
  await db.query(`CREATE TABLE public.bench_facts (week date NOT NULL, store text NOT NULL, sku text NOT NULL, units numeric NOT NULL,
    revenue numeric, price numeric, promo boolean, stockout boolean, PRIMARY KEY (week, store, sku)) PARTITION BY RANGE (week)`);
  for (let year = 2015; year <= 2035; year++) {
    await db.query(`CREATE TABLE public.bench_facts_${year} PARTITION OF public.bench_facts
      FOR VALUES FROM ('${year}-01-01') TO ('${year + 1}-01-01') WITH (autovacuum_enabled = false)`);
  }
  await db.query(`CREATE INDEX ON public.bench_facts (sku, store, week)`);
  await db.query('CHECKPOINT');
  const started = performance.now();
  execFileSync('psql', [system.env.PLANNING_DATABASE_URL, '-v', 'ON_ERROR_STOP=1', '-c',
    `\\copy public.bench_facts (week, store, sku, units, revenue, price, promo, stockout) FROM '${file}' WITH (FORMAT csv, HEADER true)`], { stdio: 'inherit' });
  const seconds = (performance.now() - started) / 1000;
  await db.query('CHECKPOINT');
  await db.query('DROP TABLE public.bench_facts');
  await db.end();
  return seconds;
}
