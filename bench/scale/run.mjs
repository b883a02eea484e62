// bench/scale: a chain of about 100,000 series end to end through the real system: 500 stores × 300
// products (two in three ranged per store) × 156 weeks of the demo generator's sales, about 15 M rows.
// Steps, each next to a baseline measured in the same run: the upload (`psql \copy` of the same file),
// a forecast run with one forecast-service instance and one with two, GET /api/forecast/series at
// every level (plain SQL summing the same forecasts), a department's plan created, spread and loaded
// (plain SQL doing the same to its cells), and the budget grid in Chromium. Then the database's size.
// On a 2-core machine a step takes minutes; `npm test` does not run it.
// Usage: npm run bench:scale [-- --stores 500 --products 300]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { copyBaseline, writeSalesFile } from '../ingest/sales-file.mjs';
import { readsOf, timeRead } from '../forecast-reads/levels.mjs';
import { editCell, launchChromium, openBudget, signedInPage } from '../planning-web/budget-page.mjs';
import { api, planBaselines, timed } from '../planning/big-plan.mjs';

const require = createRequire(import.meta.url);
const { ROOT, runOrExit } = require('../../tools/system.js');
const { IsolatedSystem } = require('../../tools/isolated-system.js');
const { DEMO_END, products, stores } = require('../../tools/demo-chain/generator.js');
const { importCatalog, tokenOf, uploadCsv, waitForRun, waitForUpload } = require('../../tools/demo-chain/seed.js');

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const STORES = option('stores', 500);
const PRODUCTS = option('products', 300);
const WEEKS = 156;
const PLAN_WEEKS = 52;
const READS = 5;
const addDays = (day, days) => new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);
const runSeconds = (run) => (Date.parse(run.completedAt) - Date.parse(run.createdAt)) / 1000;
const lines = [];
const say = (line) => {
  lines.push(line);
  console.log(line);
};

// The columns each selector field filters, as the forecast service's own selection does.
const COLUMNS = { sku: 'p.sku', store: 'st.code', department: 'p.department', category: 'p.category', subcategory: 'p.subcategory', region: 'st.region', cluster: 'st.cluster' };
/** Plain SQL summing a selection's current forecast by week: the baseline of an aggregate read. */
const sqlRead = (selector) => {
  const fields = Object.keys(selector);
  return {
    text: `SELECT f.week, sum(f.statistical), sum(f.final) FROM forecast.series s
      JOIN forecast.products p ON p.sku = s.sku JOIN forecast.stores st ON st.code = s.store
      JOIN forecast.forecasts f ON f.run_id = s.run_id AND f.sku = s.sku AND f.store = s.store
      WHERE f.week > s.as_of ${fields.map((f, i) => `AND ${COLUMNS[f]} = $${i + 1}`).join(' ')} GROUP BY f.week`,
    values: fields.map((f) => selector[f]),
  };
};

runOrExit('npx', ['nx', 'run-many', '-t', 'build', '-p', 'gateway', 'auth-service', 'catalog-service', 'sales-service', 'forecast-service', 'planning-service', 'forecasting-web', 'planning-web', 'broker-definitions', '--outputStyle=static']);
const dir = path.join(ROOT, 'tmp/bench');
fs.mkdirSync(dir, { recursive: true });
const storeList = stores(STORES);
const productList = products(PRODUCTS);
const file = path.join(dir, `scale-${STORES}x${PRODUCTS}x${WEEKS}.csv`);
// The file is kept for the next run, with its row count beside it.
if (!fs.existsSync(`${file}.rows`)) {
  console.log(`▸ writing ${file}…`);
  fs.writeFileSync(`${file}.rows`, String(writeSalesFile(file, { storeList, productList, weeks: WEEKS })));
}
const fileRows = Number(fs.readFileSync(`${file}.rows`, 'utf8'));

const system = await IsolatedSystem.start({ web: true, env: { RPC_TIMEOUT_MS: '120000' } });
try {
  const password = system.env.DEMO_PASSWORD;
  const quiet = () => undefined;
  const data = await tokenOf(system.gatewayUrl, 'data@tideline.local', password);
  await importCatalog(system.gatewayUrl, data, storeList, productList);
  say(`bench/scale — ${STORES} stores × ${PRODUCTS} products × ${WEEKS} weeks: ${fileRows.toLocaleString()} rows (${(fs.statSync(file).size / 1e9).toFixed(2)} GB)`);

  // 1. The upload, after the same file \copy'd into a table of the facts' shape.
  const copySeconds = await copyBaseline(system, file);
  const upload = await timed(async () => {
    const job = await uploadCsv(system.gatewayUrl, data, fs.createReadStream(file, { highWaterMark: 1 << 20 }));
    return waitForUpload(system.gatewayUrl, data, job.id);
  });
  if (upload.result.status !== 'completed') throw new Error(`the upload ended ${JSON.stringify(upload.result)}`);
  const rate = (seconds) => `${Math.round(fileRows / seconds).toLocaleString()} rows/s`;
  say(`  upload, end to end             ${upload.seconds.toFixed(0).padStart(6)} s  ${rate(upload.seconds)}   \\copy ${copySeconds.toFixed(0)} s  ${rate(copySeconds)}  (${((copySeconds / upload.seconds) * 100).toFixed(0)}% of \\copy)`);

  // 2. The forecast run the upload started (one instance), then one by hand with a second instance.
  // Steps outlast an access token: each signs in afresh.
  const analystToken = () => tokenOf(system.gatewayUrl, 'analyst@tideline.local', password);
  const one = await waitForRun(system.gatewayUrl, analystToken, (r) => r.scope.uploadId === upload.result.id, quiet, 6 * 3600_000);
  system.startService('forecast-service', '2');
  await system.serviceReady('forecast-service#2');
  const started = await api(system, await analystToken(), 'POST', '/forecast/runs', {});
  const two = await waitForRun(system.gatewayUrl, analystToken, (r) => r.id === started.id, quiet, 6 * 3600_000);
  for (const run of [one, two]) if (run.status !== 'completed') throw new Error(`run ${run.id} ended ${run.status}: ${run.error}`);
  const perSecond = (run) => Math.round(run.seriesTotal / runSeconds(run));
  say(`  forecast run, 1 instance       ${runSeconds(one).toFixed(0).padStart(6)} s  ${perSecond(one)} series/s (${one.seriesTotal.toLocaleString()} series)`);
  say(`  forecast run, 2 instances      ${runSeconds(two).toFixed(0).padStart(6)} s  ${perSecond(two)} series/s`);

  // 3. Reads at every level, each against plain SQL summing the same forecasts.
  const db = await system.database('planning');
  const analyst = await analystToken();
  const get = (route) => api(system, analyst, 'GET', route);
  for (const [name, selector] of await readsOf(get)) {
    const read = await timeRead(get, selector, READS);
    const sql = sqlRead(selector);
    const sqlTimes = [];
    for (let i = 0; i < READS; i++) sqlTimes.push((await timed(() => db.query(sql.text, sql.values))).seconds * 1000);
    const sqlMs = [...sqlTimes].sort((a, b) => a - b)[Math.floor(READS / 2)];
    say(`  read ${name.padEnd(18)} ${String(read.series).padStart(7)} series  ${read.ms.toFixed(1).padStart(7)} ms (first ${read.first.toFixed(0)} ms)   plain SQL ${sqlMs.toFixed(1).padStart(7)} ms`);
  }

  // 4. A department's plan for a year: created, spread, loaded; and the same to its cells in plain SQL.
  const manager = await tokenOf(system.gatewayUrl, 'manager@tideline.local', password);
  const department = productList[0].department;
  const from = addDays(DEMO_END, 7);
  const create = await timed(() => api(system, manager, 'POST', '/planning/plans', { name: 'Scale', from, to: addDays(from, 7 * (PLAN_WEEKS - 1)), department }));
  const plan = create.result;
  const spread = await timed(() => api(system, manager, 'POST', `/planning/plans/${plan.id}/spread`, { version: plan.version, growthPercent: 5 }));
  const grid = await timed(() => api(system, manager, 'GET', `/planning/plans/${plan.id}/cells?format=rows`));
  const baseline = await planBaselines(system, plan.id, grid.result.rows[0].category);
  say(`  plan of ${department} (${plan.cells.toLocaleString()} cells): create ${create.seconds.toFixed(2)} s (SQL ${baseline.create.toFixed(2)} s), spread ${spread.seconds.toFixed(2)} s (SQL ${baseline.spread.toFixed(2)} s), load ${grid.seconds.toFixed(2)} s (SQL ${baseline.grid.toFixed(2)} s)`);

  // 5. The budget grid of that plan in Chromium: open it, edit one cell.
  const browser = await launchChromium();
  try {
    const web = system.webUrl('planning-web');
    const page = await signedInPage(browser, web, 'manager@tideline.local', password);
    const open = await openBudget(page, web, plan.id);
    const edit = await editCell(page, 1, 4321, ': 4321 spread saved');
    say(`  budget grid in Chromium: open to first rows ${open.toFixed(2)} s, edit a category's first week (a spread over its clusters) ${edit.toFixed(2)} s`);
  } finally {
    await browser.close();
  }

  // 6. What the chain takes on disk.
  const [size] = (
    await db.query(`SELECT pg_database_size(current_database()) AS total,
      (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'sales' AND c.relkind IN ('r', 'p')) AS sales,
      (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'forecast' AND c.relkind IN ('r', 'p')) AS forecast`)
  ).rows;
  const gb = (bytes) => `${(Number(bytes) / 1e9).toFixed(2)} GB`;
  say(`  database: ${gb(size.total)} in all; sales ${gb(size.sales)}, forecast ${gb(size.forecast)} (two runs kept)`);
  await db.end();
  fs.writeFileSync(path.join(dir, 'scale-result.txt'), lines.join('\n') + '\n');
} finally {
  await system.stop();
}
