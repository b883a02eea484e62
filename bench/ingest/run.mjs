// bench/ingest: upload a generated sales file of N rows through the gateway into an isolated
// system, wait for completion, and compare with `psql \copy` of the same file into an equivalent
// table in the same run. Usage: npm run bench:ingest -- [--rows 1000000]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ROOT, runOrExit } = require('../../tools/system.js');
const { IsolatedSystem } = require('../../tools/isolated-system.js');
const { products, salesRows, stores, SALES_HEADER, toCsvLine } = require('../../tools/demo-chain/generator.js');
const { importCatalog, uploadCsv, waitForUpload } = require('../../tools/demo-chain/seed.js');

const argRows = process.argv.indexOf('--rows');
const ROWS = argRows > 0 ? Number(process.argv[argRows + 1]) : 1_000_000;
// The demo chain (40 stores × 500 products) sells about 12,000 rows a week; larger files get more
// stores rather than decades of weeks, so that every row stays a realistic recent sale.
const SCALE = Math.max(1, Math.ceil(ROWS / 1_500_000));
const ROWS_PER_WEEK = 12_000 * SCALE;

/** Peak resident memory (VmHWM) of a live process, in MB. */
function peakMb(pid) {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM'));
  return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
}

function writeFile(file, storeList, productList) {
  const out = fs.openSync(file, 'w');
  let lines = [SALES_HEADER];
  let written = 0;
  for (const row of salesRows({ storeList, productList, weeks: Math.ceil(ROWS / ROWS_PER_WEEK) + 20 })) {
    lines.push(toCsvLine(row));
    if (++written === ROWS) break;
    if (lines.length === 50_000) {
      fs.writeSync(out, lines.join('\n') + '\n');
      lines = [];
    }
  }
  fs.writeSync(out, lines.join('\n') + '\n');
  fs.closeSync(out);
  if (written < ROWS) throw new Error(`the generator produced only ${written} rows`);
}

runOrExit('npx', ['nx', 'run-many', '-t', 'build', '-p', 'gateway', 'auth-service', 'catalog-service', 'sales-service', 'forecast-service', 'planning-service', '--outputStyle=static']);
const dir = path.join(ROOT, 'tmp/bench');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `sales-${ROWS}.csv`);
const storeList = stores(40 * SCALE);
const productList = products();
if (!fs.existsSync(file)) writeFile(file, storeList, productList);
const mb = fs.statSync(file).size / 1e6;
console.log(`file: ${ROWS.toLocaleString()} rows, ${mb.toFixed(1)} MB`);

const system = await IsolatedSystem.start();
try {
  const login = await fetch(`${system.gatewayUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'data@tideline.local', password: system.env.DEMO_PASSWORD }),
  });
  const { accessToken } = await login.json();
  await importCatalog(system.gatewayUrl, accessToken, storeList, productList);

  // Baseline first: the same file, \copy'd into a table shaped like sales.facts (same keys, index,
  // partitions). Autovacuum is off for this throwaway table, so vacuuming it cannot slow the upload
  // measured next; each measurement starts after a CHECKPOINT, so neither pays for the other's WAL.
  const db = await system.database('planning');
  await db.query(`CREATE TABLE public.bench_facts (week date NOT NULL, store text NOT NULL, sku text NOT NULL, units numeric NOT NULL,
    revenue numeric, price numeric, promo boolean, PRIMARY KEY (week, store, sku)) PARTITION BY RANGE (week)`);
  for (let year = 2015; year <= 2035; year++) {
    await db.query(`CREATE TABLE public.bench_facts_${year} PARTITION OF public.bench_facts
      FOR VALUES FROM ('${year}-01-01') TO ('${year + 1}-01-01') WITH (autovacuum_enabled = false)`);
  }
  await db.query(`CREATE INDEX ON public.bench_facts (sku, store, week)`);
  await db.query('CHECKPOINT');
  const copyStarted = performance.now();
  execFileSync('psql', [system.env.PLANNING_DATABASE_URL, '-v', 'ON_ERROR_STOP=1', '-c',
    `\\copy public.bench_facts (week, store, sku, units, revenue, price, promo) FROM '${file}' WITH (FORMAT csv, HEADER true)`], { stdio: 'inherit' });
  const copySeconds = (performance.now() - copyStarted) / 1000;
  await db.query('CHECKPOINT');
  await db.end();

  const started = performance.now();
  const job = await uploadCsv(system.gatewayUrl, accessToken, fs.createReadStream(file, { highWaterMark: 1 << 20 }));
  const queuedSeconds = (performance.now() - started) / 1000;
  const done = await waitForUpload(system.gatewayUrl, accessToken, job.id);
  const oursSeconds = (performance.now() - started) / 1000;
  if (done.status !== 'completed' || done.rowsAccepted !== ROWS) throw new Error(`upload ended ${JSON.stringify(done)}`);
  const gatewayMb = peakMb(system.processes.get('gateway').pid);
  const serviceMb = peakMb(system.processes.get('sales-service').pid);

  const rate = (seconds) => Math.round(ROWS / seconds).toLocaleString();
  console.log(`
bench/ingest — ${ROWS.toLocaleString()} rows (${mb.toFixed(1)} MB)
  Tideline upload, end to end     ${oursSeconds.toFixed(1)} s   ${rate(oursSeconds)} rows/s   (body fully queued after ${queuedSeconds.toFixed(1)} s)
  psql \\copy, same file and table  ${copySeconds.toFixed(1)} s   ${rate(copySeconds)} rows/s
  ratio (ours / \\copy throughput)  ${((copySeconds / oursSeconds) * 100).toFixed(0)}%
  peak memory: gateway ${gatewayMb} MB, sales-service ${serviceMb} MB`);
} finally {
  await system.stop();
}
