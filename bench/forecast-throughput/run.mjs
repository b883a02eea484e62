// bench/forecast-throughput: series per second of the engine's automatic selection on three years
// of weekly demo-chain history, on one core, next to R's forecast::ets() on the same series in the
// same run (when Rscript and the forecast package are installed: apt-get install r-cran-forecast).
// Usage: npm run bench:forecast-throughput [-- --series 2000]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ROOT } = require('../../tools/system.js');
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

let rLine = "R forecast::ets()   not measured: Rscript with the forecast package is not installed (apt-get install r-cran-forecast)";
const hasR = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(forecast))'], { stdio: 'ignore' }).status === 0;
if (hasR) {
  const dir = path.join(ROOT, 'tmp/bench/forecast-throughput');
  fs.mkdirSync(dir, { recursive: true });
  const input = path.join(dir, 'series.csv');
  fs.writeFileSync(input, ['series_id,period,value', ...series.flatMap(([id, values]) => values.map((v, i) => `${id},${i + 1},${v}`))].join('\n') + '\n');
  const [count, seconds] = execFileSync('Rscript', [path.join(import.meta.dirname, 'ets.R'), input, '52', String(HORIZON)], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .map(Number);
  rLine = `R forecast::ets()   ${count} series in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} series/s (one core)`;
}

console.log(`
bench/forecast-throughput — ${series.length} demo-chain series × ${WEEKS} weeks, horizon ${HORIZON}
  engine (auto)       ${series.length} series in ${engineSeconds.toFixed(1)} s = ${Math.round(series.length / engineSeconds)} series/s (one core)
  ${rLine}
  forecast-service    not measured yet: the service's runs are still to be built (issue 4)`);
