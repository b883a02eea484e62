// bench/ingest: upload a generated sales file of N rows through the gateway into an isolated
// system, wait for completion, and compare with `psql \copy` of the same file into an equivalent
// table in the same run. Usage: npm run bench:ingest -- [--rows 1000000]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { copyBaseline, writeSalesFile } from './sales-file.mjs';

const require = createRequire(import.meta.url);
const { ROOT, runOrExit } = require('../../tools/system.js');
const { IsolatedSystem } = require('../../tools/isolated-system.js');
const { products, stores } = require('../../tools/demo-chain/generator.js');
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

runOrExit('npx', ['nx', 'run-many', '-t', 'build', '-p', 'gateway', 'auth-service', 'catalog-service', 'sales-service', 'forecast-service', 'planning-service', '--outputStyle=static']);
const dir = path.join(ROOT, 'tmp/bench');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `sales-${ROWS}.csv`);
const storeList = stores(40 * SCALE);
const productList = products();
if (!fs.existsSync(file)) {
  const written = writeSalesFile(file, { storeList, productList, weeks: Math.ceil(ROWS / ROWS_PER_WEEK) + 20, rows: ROWS });
  if (written < ROWS) throw new Error(`the generator produced only ${written} rows`);
}
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

  // Baseline first: the same file, \copy'd into a table shaped like sales.facts.
  const copySeconds = await copyBaseline(system, file);

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
