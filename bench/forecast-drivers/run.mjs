// bench/forecast-drivers: the engine's command line (npm run forecast) with and without drivers, on
// ../shared/data/promo (cheese, tuna: real weekly sales with price and promotional display) and on
// the demo chain (its generator's price and promotions), on two splits of each:
//   validation: the training rows less their last h weeks → those h weeks (every rule is decided here);
//   test:       all training rows → the test rows (read once, to report).
// Next to it, in the same run: R's auto.arima() on log(1 + units) with the same drivers as
// regressors (log price), when Rscript and the forecast package are installed
// (apt-get install r-cran-forecast; skipped with a message otherwise).
// Measures: MASE (scaled by the lag-1 naive forecast of the training rows), WAPE, WAPE and bias of
// promoted and other weeks, 80%/95% interval coverage, series per second.
// Usage: npm run bench:forecast-drivers [-- --sets cheese,tuna,demo] [--split validation|test|both] [--method auto|fast] [--no-r]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ROOT } = require('../../tools/system.js');
const { salesRows, stores, products } = require('../../tools/demo-chain/generator.js');

const DATA = path.resolve(ROOT, '../shared/data/promo');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SETS = {
  cheese: { horizon: 8, season: 1, load: () => promoSet('cheese') },
  // Dominick's skips some weeks: missing data, which the command line fills (README of the data).
  tuna: { horizon: 13, season: 1, load: () => promoSet('tuna') },
  demo: { horizon: 13, season: 52, load: demoSet },
};
const chosen = option('sets', Object.keys(SETS).join(',')).split(',');
const SPLITS = { validation: ['validation'], test: ['test'], both: ['validation', 'test'] }[option('split', 'both')];
const METHOD = option('method', 'auto');
const hasR = !process.argv.includes('--no-r') && spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(forecast))'], { stdio: 'ignore' }).status === 0;
const tmp = path.join(ROOT, 'tmp/bench/forecast-drivers');
fs.mkdirSync(tmp, { recursive: true });

/** Series of a promo set: `{ id, rows: [{ split, y, drivers: {price, display} }] }`. */
function promoSet(name) {
  const lines = fs.readFileSync(path.join(DATA, `${name}_long.csv`), 'utf8').trim().split('\n');
  const header = lines[0].split(',').map((c) => c.replace(/"/g, ''));
  const driverNames = header.slice(4);
  const series = new Map();
  for (const line of lines.slice(1)) {
    const cells = line.split(',').map((c) => c.replace(/"/g, ''));
    if (!series.has(cells[0])) series.set(cells[0], []);
    series.get(cells[0]).push({ split: cells[1], period: Number(cells[2]), y: Number(cells[3]), drivers: Object.fromEntries(driverNames.map((d, k) => [d, Number(cells[4 + k])])) });
  }
  return { driverNames, series: [...series].map(([id, rows]) => ({ id, rows })) };
}

/** The demo chain's series with a full last year (price and promotion from its generator), the last 13 weeks as test. */
function demoSet() {
  const series = new Map();
  for (const row of salesRows({ storeList: stores().slice(0, 12), productList: products().slice(0, 80) })) {
    const id = `${row.store}/${row.sku}`;
    if (!series.has(id)) series.set(id, []);
    series.get(id).push({ week: row.week, y: row.units, drivers: { price: row.price, promo: row.promo } });
  }
  const last = [...series.values()].flatMap((rows) => rows.map((r) => r.week)).sort().at(-1);
  const kept = [...series].filter(([, rows]) => rows.length >= 78 && rows.at(-1).week === last && rows.slice(-52).some((r) => r.y > 0));
  return {
    driverNames: ['price', 'promo'],
    series: kept.map(([id, rows]) => ({ id, rows: rows.map((r, t) => ({ ...r, split: t >= rows.length - 13 ? 'test' : 'train' })) })),
  };
}

/** History and actuals of a split: validation holds out the last h training weeks (test rows unread). */
function splitOf(set, data, split) {
  return data.series
    .map(({ id, rows }) => {
      const train = rows.filter((r) => r.split === 'train');
      const history = split === 'test' ? train : train.slice(0, -set.horizon);
      const actual = split === 'test' ? rows.filter((r) => r.split === 'test') : train.slice(-set.horizon);
      return { id, history, actual };
    })
    .filter((s) => s.history.length >= set.horizon + 3 && s.actual.length === set.horizon);
}

/** The command line's input: with drivers, the history and the future weeks (empty value) with their drivers. */
function inputFile(name, series, driverNames) {
  const file = path.join(tmp, `${name}.csv`);
  const lines = [['series_id', 'period', 'value', ...driverNames].join(',')];
  for (const { id, history, actual } of series) {
    // The source's own week numbers where it has them: the command line fills the weeks it skipped.
    const period = (r, t) => r.period ?? t + 1;
    history.forEach((r, t) => lines.push([id, period(r, t), r.y, ...driverNames.map((d) => r.drivers[d])].join(',')));
    if (driverNames.length > 0) actual.forEach((r, i) => lines.push([id, period(r, history.length + i), '', ...driverNames.map((d) => r.drivers[d])].join(',')));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function readForecasts(file) {
  const bySeries = new Map();
  for (const line of fs.readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
    const [id, , forecast, lo80, hi80, lo95, hi95] = line.split(',');
    if (!bySeries.has(id)) bySeries.set(id, { f: [], lo80: [], hi80: [], lo95: [], hi95: [] });
    const entry = bySeries.get(id);
    entry.f.push(Number(forecast));
    entry.lo80.push(Number(lo80));
    entry.hi80.push(Number(hi80));
    entry.lo95.push(Number(lo95));
    entry.hi95.push(Number(hi95));
  }
  return bySeries;
}

function runEngine(name, series, driverNames, set) {
  const input = inputFile(name, series, driverNames);
  const output = path.join(tmp, `${name}.out.csv`);
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [path.join(ROOT, 'tools/forecast/cli.js'), '--input', input, '--horizon', String(set.horizon), '--season', String(set.season), '--method', METHOD, '--output', output], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { forecasts: readForecasts(output), seconds };
}

/** R's auto.arima on log(1 + units), drivers as regressors (log price), per series. */
function runR(name, series, driverNames, set) {
  const input = inputFile(`${name}-r`, series, driverNames);
  const output = path.join(tmp, `${name}-r.out.csv`);
  const started = process.hrtime.bigint();
  execFileSync('Rscript', [path.join(ROOT, 'bench/forecast-drivers/r-arima-drivers.R'), input, output, String(set.horizon), String(set.season)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { forecasts: readForecasts(output), seconds };
}

const promoted = (r) => (r.drivers.promo ?? r.drivers.display ?? 0) > 0;

function score(series, forecasts) {
  const mase = [];
  const totals = { ae: 0, y: 0, promo: { ae: 0, e: 0, y: 0 }, other: { ae: 0, e: 0, y: 0 }, n: 0, in80: 0, in95: 0, bands: false };
  for (const { id, history, actual } of series) {
    const fc = forecasts.get(id);
    if (!fc) throw new Error(`no forecast for ${id}`);
    let scale = 0;
    for (let t = 1; t < history.length; t++) scale += Math.abs(history[t].y - history[t - 1].y);
    scale /= history.length - 1;
    mase.push(actual.reduce((s, r, i) => s + Math.abs(r.y - fc.f[i]), 0) / actual.length / (scale || 1));
    actual.forEach((r, i) => {
      const e = fc.f[i] - r.y;
      totals.ae += Math.abs(e);
      totals.y += r.y;
      const group = promoted(r) ? totals.promo : totals.other;
      group.ae += Math.abs(e);
      group.e += e;
      group.y += r.y;
      if (Number.isFinite(fc.lo80[i])) {
        totals.bands = true;
        totals.n++;
        if (r.y >= fc.lo80[i] && r.y <= fc.hi80[i]) totals.in80++;
        if (r.y >= fc.lo95[i] && r.y <= fc.hi95[i]) totals.in95++;
      }
    });
  }
  const pct = (v) => `${(100 * v).toFixed(1)}%`;
  return {
    MASE: (mase.reduce((s, v) => s + v, 0) / mase.length).toFixed(3),
    WAPE: pct(totals.ae / totals.y),
    'promo WAPE': pct(totals.promo.ae / totals.promo.y),
    'promo bias': pct(totals.promo.e / totals.promo.y),
    'other WAPE': pct(totals.other.ae / totals.other.y),
    'other bias': pct(totals.other.e / totals.other.y),
    cov80: totals.bands ? pct(totals.in80 / totals.n) : '–',
    cov95: totals.bands ? pct(totals.in95 / totals.n) : '–',
  };
}

console.log(`bench:forecast-drivers — method ${METHOD}${hasR ? '' : " (R's forecast package not installed: apt-get install r-cran-forecast)"}`);
for (const name of chosen) {
  const set = SETS[name];
  if (!set) throw new Error(`unknown set ${name}; known: ${Object.keys(SETS).join(', ')}`);
  const data = set.load();
  for (const split of SPLITS) {
    const series = splitOf(set, data, split);
    const rows = [];
    const withDrivers = runEngine(`${name}-${split}-drivers`, series, data.driverNames, set);
    rows.push({ method: 'engine with drivers', ...score(series, withDrivers.forecasts), 'series/s': (series.length / withDrivers.seconds).toFixed(0) });
    const without = runEngine(`${name}-${split}-plain`, series, [], set);
    rows.push({ method: 'engine without drivers', ...score(series, without.forecasts), 'series/s': (series.length / without.seconds).toFixed(0) });
    if (hasR) {
      const r = runR(`${name}-${split}`, series, data.driverNames, set);
      rows.push({ method: 'R auto.arima, log units, drivers as xreg', ...score(series, r.forecasts), 'series/s': (series.length / r.seconds).toFixed(1) });
    }
    console.log(`\n${name} (${split}: ${series.length} series, h=${set.horizon}, season ${set.season})`);
    console.table(rows);
  }
}
