// bench/forecast-throughput: series per second of the engine's automatic selection on three years
// of weekly demo-chain history, on one core, next to R's forecast::ets() on the same series in the
// same run (when Rscript and the forecast package are installed: apt-get install r-cran-forecast).
// Then the same on M3's monthly series (../shared/data/forecast): the engine's default selection
// against R's ets() on the same series. Then the forecast-service: the whole demo chain forecast by a run through the real system (broker,
// database, sales history requests), with one instance and then with two.
// Usage: npm run bench:forecast-throughput [-- --series 2000] [--no-service] [--no-r]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ROOT, runOrExit } = require('../../tools/system.js');
const { IsolatedSystem } = require('../../tools/isolated-system.js');
const { seedDemoChain, tokenOf, waitForRun } = require('../../tools/demo-chain/seed.js');
const { loadEngine } = require('../../tools/forecast/engine.js');
const { products, salesRows, stores } = require('../../tools/demo-chain/generator.js');
const { forecastSeries } = loadEngine();

const arg = process.argv.indexOf('--series');
const SERIES = arg > 0 ? Number(process.argv[arg + 1]) : 2000;
const WEEKS = 156;
const HORIZON = 13;

// Full three-year series of the demo chain, as many as asked for.
const bySeries = new Map();
for (const row of salesRows({ storeList: stores(Math.ceil(SERIES / 250) + 4), productList: products(500), weeks: WEEKS })) {
  const key = `${row.store}:${row.sku}`;
  if (!bySeries.has(key)) bySeries.set(key, []);
  bySeries.get(key).push(row.units);
}
const series = [...bySeries].filter(([, values]) => values.length === WEEKS).slice(0, SERIES);
if (series.length < SERIES) throw new Error(`only ${series.length} full series in the generated chain`);

const started = performance.now();
for (const [, values] of series) forecastSeries(values, { horizon: HORIZON, season: 52 });
const engineSeconds = (performance.now() - started) / 1000;

const NO_R = process.argv.includes('--no-r') ? 'not measured (--no-r)' : "not measured: Rscript with the forecast package is not installed (apt-get install r-cran-forecast)";
const hasR = !process.argv.includes('--no-r') && spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(forecast))'], { stdio: 'ignore' }).status === 0;
const dir = path.join(ROOT, 'tmp/bench/forecast-throughput');
fs.mkdirSync(dir, { recursive: true });

/** R's ets() on the same series, timed by R itself: [series, seconds]. */
function rEts(name, list, season, horizon) {
  const input = path.join(dir, `${name}.csv`);
  fs.writeFileSync(input, ['series_id,period,value', ...list.flatMap(([id, values]) => values.map((v, i) => `${id},${i + 1},${v}`))].join('\n') + '\n');
  return execFileSync('Rscript', [path.join(import.meta.dirname, 'ets.R'), input, String(season), String(horizon)], { encoding: 'utf8' }).trim().split(' ').map(Number);
}
const rate = (count, seconds) => `${count} series in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} series/s`;

let rLine = `R forecast::ets()   ${NO_R}`;
if (hasR) rLine = `R forecast::ets()   ${rate(...rEts('weekly', series, 52, HORIZON))} (one core)`;

// M3 monthly: the training rows of every series, horizon 18.
const monthly = new Map();
for (const line of fs.readFileSync(path.resolve(ROOT, '../shared/data/forecast/m3_monthly_long.csv'), 'utf8').split('\n').slice(1)) {
  const [id, split, , value] = line.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
  if (split !== 'train') continue;
  if (!monthly.has(id)) monthly.set(id, []);
  monthly.get(id).push(Number(value));
}
const monthlyStarted = performance.now();
for (const values of monthly.values()) forecastSeries(values, { horizon: 18, season: 12 });
const monthlySeconds = (performance.now() - monthlyStarted) / 1000;
let monthlyR = NO_R;
if (hasR) {
  const [count, seconds] = rEts('monthly', [...monthly], 12, 18);
  monthlyR = `${rate(count, seconds)}; the engine is ${(seconds / monthlySeconds).toFixed(1)}× faster`;
}

/** Seconds from a run's creation to its completion, as the service recorded them. */
const runSeconds = (run) => (Date.parse(run.completedAt) - Date.parse(run.createdAt)) / 1000;
const perSecond = (run) => Math.round(run.seriesTotal / runSeconds(run));

let serviceLines = ['forecast-service    skipped (--no-service)'];
if (!process.argv.includes('--no-service')) {
  runOrExit('npx', ['nx', 'run-many', '-t', 'build', '-p', 'gateway', 'auth-service', 'catalog-service', 'sales-service', 'forecast-service', 'planning-service', '--outputStyle=static']);
  const system = await IsolatedSystem.start();
  try {
    const password = system.env.DEMO_PASSWORD;
    const quiet = () => undefined;
    // The demo chain's upload starts a run over every series: one instance does it all.
    await seedDemoChain(system.gatewayUrl, { email: 'data@tideline.local', password }, quiet);
    const token = await tokenOf(system.gatewayUrl, 'analyst@tideline.local', password);
    const one = await waitForRun(system.gatewayUrl, token, (r) => r.trigger === 'upload', quiet);
    // A second instance joins; the same series again, by hand.
    system.startService('forecast-service', '2');
    await new Promise((r) => setTimeout(r, 5000));
    const start = await fetch(`${system.gatewayUrl}/api/forecast/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const { id } = await start.json();
    const two = await waitForRun(system.gatewayUrl, token, (r) => r.id === id, quiet);
    for (const run of [one, two]) if (run.status !== 'completed') throw new Error(`run ${run.id} ended ${run.status}: ${run.error}`);
    serviceLines = [
      `forecast-service    whole demo chain (${one.seriesTotal} series), 1 instance:  ${runSeconds(one).toFixed(1)} s = ${perSecond(one)} series/s`,
      `forecast-service    whole demo chain (${two.seriesTotal} series), 2 instances: ${runSeconds(two).toFixed(1)} s = ${perSecond(two)} series/s`,
      `speed-up with the second instance: ${(runSeconds(one) / runSeconds(two)).toFixed(2)}× (2 cores shared with Postgres, RabbitMQ and the sales service)`,
    ];
  } finally {
    await system.stop();
  }
}

console.log(`
bench/forecast-throughput — ${series.length} demo-chain series × ${WEEKS} weeks, horizon ${HORIZON}
  engine (fast, the service's default)  ${rate(series.length, engineSeconds)} (one core)
  ${rLine}
M3 monthly (${monthly.size} series, horizon 18)
  engine (fast)       ${rate(monthly.size, monthlySeconds)} (one core)
  R forecast::ets()   ${monthlyR}
  ${serviceLines.join('\n  ')}`);
