// bench/forecast-accuracy: runs the engine's command line (npm run forecast) on the public
// benchmark sets in ../shared/data/forecast, on two splits of each:
//   validation: the training rows less their last h periods → those h periods (every rule of the
//               engine is decided here);
//   test:       all training rows → the test rows (read once, to report).
// Next to the engine, in the same run and on the same splits, R's forecast package: ets(),
// auto.arima(), thetaf() and the mean of the three (apt-get install r-cran-forecast; skipped with a
// message where Rscript or the package is missing).
// Usage: npm run bench:forecast-accuracy [-- --sets m4_weekly,m3_monthly] [--split validation|test|both]
//        [--method auto|fast|ets|arima] [--no-r] [--r-split validation|test|both (where R runs; both by default)]
//        [--reuse-r (R's forecasts of an earlier run where there are some, for development)]
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ROOT } = require('../../tools/system.js');
const { loadEngine } = require('../../tools/forecast/engine.js');
const { mase, rmsse, smape, coverage } = loadEngine();

const DATA = path.resolve(ROOT, '../shared/data/forecast');
/** season: what the engine and R are told; scaleLag: the MASE scale's lag (the organisers' convention). */
const SETS = {
  m4_weekly: { season: 52, scaleLag: 1, published: 'best (Darin) 6.58 / 2.107; Svetunkov 6.91 / 2.213; Damped 8.87 / 2.404' },
  m3_monthly: { season: 12, scaleLag: 12, published: 'THETA (winner) 13.89 / 0.858; ForecastPro 13.90 / 0.848' },
  m3_quarterly: { season: 4, scaleLag: 4, published: 'THETA (winner) 8.96 / 1.087; COMB S-H-D 9.22 / 1.105' },
  m3_other: { season: 1, scaleLag: 1, published: 'THETA (winner) 4.41 / 1.904; AutoBox2 4.41 / 1.860' },
  carparts: { season: 12, scaleLag: 1, intermittent: true, published: 'zero forecast MASE 0.747 RMSSE 0.561; SBA 1.255 / 0.694' },
};
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const chosen = option('sets', Object.keys(SETS).join(',')).split(',');
const SPLITS = { validation: ['validation'], test: ['test'], both: ['validation', 'test'] }[option('split', 'both')];
const METHOD = option('method', 'auto');
const hasR = !process.argv.includes('--no-r') && spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(forecast))'], { stdio: 'ignore' }).status === 0;
const reuseR = process.argv.includes('--reuse-r');
const R_SPLITS = { validation: ['validation'], test: ['test'], both: ['validation', 'test'] }[option('r-split', 'both')];
/** R runs in this many processes at once (one a core): auto.arima() takes about a second a monthly series. */
const R_WORKERS = Number(option('r-workers', 2));
if (!SPLITS) throw new Error('--split must be validation, test or both');

/** Rows of a small quoted CSV as arrays of strings (the benchmark files quote ids and splits). */
function readCsv(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}

const mean = (values) => values.reduce((s, v) => s + v, 0) / values.length;
const tmp = path.join(ROOT, 'tmp/bench/forecast-accuracy');
fs.mkdirSync(tmp, { recursive: true });

/** The training and evaluation rows of one split: validation holds out the last h training periods. */
function splitOf(name, split) {
  const meta = readCsv(path.join(DATA, `${name}_meta.csv`));
  const horizon = Number(meta[0][3]);
  const train = new Map();
  const test = new Map();
  for (const [id, part, , value] of readCsv(path.join(DATA, `${name}_long.csv`))) {
    // The test rows are not even read for a validation split.
    if (part !== 'train' && split === 'validation') continue;
    const target = part === 'train' ? train : test;
    if (!target.has(id)) target.set(id, []);
    target.get(id).push(Number(value));
  }
  if (split === 'test') return { horizon, train, actual: test };
  const held = new Map();
  for (const [id, values] of train) {
    // A series too short to keep three periods after the hold-out is left out of validation.
    if (values.length < horizon + 3) train.delete(id);
    else held.set(id, values.splice(values.length - horizon));
  }
  return { horizon, train, actual: held };
}

/** Forecasts per series and method from a CSV with `series_id,…` columns named by `columns`. */
function readForecasts(file, columns) {
  const bySeries = new Map();
  for (const row of readCsv(file)) {
    const r = Object.fromEntries(columns.map((c, i) => [c, row[i]]));
    const key = `${r.method ?? 'engine'}\u0000${r.series_id}`;
    if (!bySeries.has(key)) bySeries.set(key, { model: r.model, f: [], lo80: [], hi80: [], lo95: [], hi95: [] });
    const entry = bySeries.get(key);
    for (const k of ['lo80', 'hi80', 'lo95', 'hi95']) entry[k].push(Number(r[k]));
    entry.f.push(Number(r.forecast));
  }
  return bySeries;
}

/** M4's MSIS for the 95% interval: mean interval score over the horizon, scaled like MASE. */
function msis(actual, lo, hi, history, lag) {
  let scale = 0;
  for (let t = lag; t < history.length; t++) scale += Math.abs(history[t] - history[t - lag]);
  scale /= history.length - lag;
  const score = mean(actual.map((y, i) => hi[i] - lo[i] + (2 / 0.05) * (Math.max(0, lo[i] - y) + Math.max(0, y - hi[i]))));
  return score / scale;
}

/** The accuracy of one method's forecasts on one split. */
function score(set, data, forecasts, method) {
  const scores = { smape: [], mase: [], rmsse: [], msis: [] };
  const all = { y: [], lo80: [], hi80: [], lo95: [], hi95: [] };
  const families = new Map();
  for (const [id, actual] of data.actual) {
    const fc = forecasts.get(`${method}\u0000${id}`);
    if (!fc) throw new Error(`${method}: no forecast for series ${id}`);
    const history = data.train.get(id);
    scores.smape.push(smape(actual, fc.f));
    for (const [key, value] of [
      ['mase', mase(actual, fc.f, history, set.scaleLag)],
      ['rmsse', rmsse(actual, fc.f, history, 1)],
      ['msis', msis(actual, fc.lo95, fc.hi95, history, set.scaleLag)],
    ]) {
      if (Number.isFinite(value)) scores[key].push(value);
    }
    all.y.push(...actual);
    for (const k of ['lo80', 'hi80', 'lo95', 'hi95']) all[k].push(...fc[k]);
    const family = (fc.model ?? method).replace(/\(.*$/, '').replace(/\+.*$/, '');
    if (!families.has(family)) families.set(family, { series: 0, y: [], lo80: [], hi80: [], lo95: [], hi95: [] });
    const f = families.get(family);
    f.series++;
    f.y.push(...actual);
    for (const k of ['lo80', 'hi80', 'lo95', 'hi95']) f[k].push(...fc[k]);
  }
  const cover = (c, level) => coverage(c.y, c[`lo${level}`], c[`hi${level}`]);
  return {
    series: data.actual.size,
    counts: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v.length])),
    smape: mean(scores.smape),
    mase: mean(scores.mase),
    rmsse: mean(scores.rmsse),
    msis: mean(scores.msis),
    cover80: cover(all, 80),
    cover95: cover(all, 95),
    families: [...families].sort((a, b) => b[1].series - a[1].series).map(([k, f]) => `${k} ${f.series} (${(100 * cover(f, 80)).toFixed(0)}%/${(100 * cover(f, 95)).toFixed(0)}%)`),
  };
}

const pct = (v) => `${(100 * v).toFixed(1)}%`.padStart(6);
const figure = (r) =>
  `sMAPE ${r.smape.toFixed(2).padStart(6)}  MASE ${r.mase.toFixed(3)}  RMSSE ${r.rmsse.toFixed(3)}  cover80 ${pct(r.cover80)}  cover95 ${pct(r.cover95)}  MSIS ${r.msis.toFixed(2).padStart(6)}  ACD ${Math.abs(r.cover95 - 0.95).toFixed(3)}`;

/**
 * R's forecasts of every series of a split, written to `output`; the series are shared among
 * R_WORKERS processes. Returns each method's seconds, summed over the processes (one core each).
 */
async function runR(data, season, output) {
  const ids = [...data.train.keys()];
  const parts = Array.from({ length: R_WORKERS }, (_, w) => ids.filter((_, i) => i % R_WORKERS === w)).filter((part) => part.length > 0);
  const runs = parts.map(async (part, w) => {
    const input = `${output}.${w}.in.csv`;
    fs.writeFileSync(input, ['series_id,period,value', ...part.flatMap((id) => data.train.get(id).map((v, i) => `${id},${i + 1},${v}`))].join('\n') + '\n');
    const { stdout } = await promisify(execFile)('Rscript', [path.join(import.meta.dirname, 'r-anchors.R'), input, String(season), String(data.horizon), `${output}.${w}`], { maxBuffer: 1 << 24 });
    return stdout.trim().split('\n').map((line) => line.split(' '));
  });
  const seconds = {};
  for (const lines of await Promise.all(runs)) for (const [method, value] of lines) seconds[method] = (seconds[method] ?? 0) + Number(value);
  const outputs = parts.map((_, w) => fs.readFileSync(`${output}.${w}`, 'utf8').trimEnd().split('\n'));
  fs.writeFileSync(output, [outputs[0][0], ...outputs.flatMap((lines) => lines.slice(1))].join('\n') + '\n');
  return seconds;
}

const report = [];
for (const name of chosen) {
  const set = SETS[name];
  if (!set) throw new Error(`unknown set ${name}; known: ${Object.keys(SETS).join(', ')}`);
  for (const split of SPLITS) {
    const data = splitOf(name, split);
    const input = path.join(tmp, `${name}.${split}.csv`);
    const output = path.join(tmp, `${name}.${split}.forecasts.csv`);
    fs.writeFileSync(input, ['series_id,period,value', ...[...data.train].flatMap(([id, values]) => values.map((v, i) => `${id},${i + 1},${v}`))].join('\n') + '\n');

    const started = performance.now();
    execFileSync(process.execPath, [path.join(ROOT, 'tools/forecast/cli.js'), '--input', input, '--horizon', String(data.horizon), '--season', String(set.season), '--method', METHOD, '--output', output], { stdio: 'inherit' });
    const seconds = (performance.now() - started) / 1000;
    const engine = score(set, data, readForecasts(output, ['series_id', 'step', 'forecast', 'lo80', 'hi80', 'lo95', 'hi95', 'model']), 'engine');
    const lines = [
      `${name} ${split}: ${engine.series} series, h = ${data.horizon} (scored: sMAPE ${engine.counts.smape}, MASE ${engine.counts.mase}, RMSSE ${engine.counts.rmsse}, MSIS ${engine.counts.msis})`,
      `  engine (${METHOD})  ${figure(engine)}  ${((1000 * seconds) / engine.series).toFixed(1)} ms/series`,
    ];
    const rOutput = path.join(tmp, `${name}.${split}.r.csv`);
    if (hasR && R_SPLITS.includes(split)) {
      let rSeconds = null;
      if (!(reuseR && fs.existsSync(rOutput))) rSeconds = await runR(data, set.season, rOutput);
      const r = readForecasts(rOutput, ['series_id', 'method', 'step', 'forecast', 'lo80', 'hi80', 'lo95', 'hi95']);
      const anchors = ['ets', 'arima', 'theta', 'comb'].map((method) => ({ method, result: score(set, data, r, method) }));
      for (const { method, result } of anchors) {
        const time = rSeconds && method !== 'comb' ? `  ${((1000 * rSeconds[method]) / result.series).toFixed(1)} ms/series` : '';
        lines.push(`  R ${method.padEnd(13)}${figure(result)}${time}`);
      }
      const best = anchors.reduce((a, b) => (b.result.mase < a.result.mase ? b : a));
      lines.push(`  engine MASE against R's best (${best.method}): ${(100 * (engine.mase / best.result.mase - 1)).toFixed(1)}%${rSeconds ? '' : ' (R forecasts reused from an earlier run)'}`);
    }
    lines.push(`  engine models (80%/95% coverage): ${engine.families.join(', ')}`);
    if (split === 'test') lines.push(`  published (sMAPE / MASE): ${set.published}`);
    console.log(lines.join('\n'));
    report.push(...lines);
  }
}
if (!hasR) report.push("R's forecast package not measured: Rscript with the forecast package is not installed (apt-get install r-cran-forecast), or --no-r");
console.log(`\nbench/forecast-accuracy (engine via its command line; R in the same run)\n${report.join('\n')}`);
