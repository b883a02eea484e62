// bench/forecast-accuracy: runs the engine's command line (npm run forecast) on the public
// benchmark sets in ../shared/data/forecast and prints its accuracy next to the published figures.
// Usage: npm run bench:forecast-accuracy [-- --sets m4_weekly,m3_monthly,carparts] [--method auto|ets]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ROOT } = require('../../tools/system.js');
const { loadEngine } = require('../../tools/forecast/engine.js');
const { mase, rmsse, smape, coverage } = loadEngine();

const DATA = path.resolve(ROOT, '../shared/data/forecast');
const SETS = {
  m4_weekly: { season: 52, scaleLag: 1, published: 'Damped 8.87 / 2.40; best (Darin) 6.58 / 2.11; R ets() 8.73 / 2.53' },
  m3_monthly: { season: 12, scaleLag: 12, published: 'THETA (winner) 13.89 / 0.858; R thetaf() 13.86 / 0.864' },
  carparts: { season: 12, scaleLag: 1, published: 'zero forecast MASE 0.747 RMSSE 0.561; SBA 1.255 / 0.694' },
};
const arg = process.argv.indexOf('--sets');
const chosen = arg > 0 ? process.argv[arg + 1].split(',') : Object.keys(SETS);
// --method ets: R-style automatic ETS (AICc) instead of the default selection, for comparison.
const methodArg = process.argv.indexOf('--method');
const METHOD = methodArg > 0 ? process.argv[methodArg + 1] : 'auto';

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
const lines = [];

for (const name of chosen) {
  const set = SETS[name];
  if (!set) throw new Error(`unknown set ${name}; known: ${Object.keys(SETS).join(', ')}`);
  const meta = new Map(readCsv(path.join(DATA, `${name}_meta.csv`)).map(([id, , nTrain, h]) => [id, { h: Number(h) }]));
  const train = new Map();
  const test = new Map();
  for (const [id, split, , value] of readCsv(path.join(DATA, `${name}_long.csv`))) {
    const target = split === 'train' ? train : test;
    if (!target.has(id)) target.set(id, []);
    target.get(id).push(Number(value));
  }
  const horizon = [...meta.values()][0].h;
  const input = path.join(tmp, `${name}.csv`);
  const output = path.join(tmp, `${name}.forecasts.csv`);
  fs.writeFileSync(input, ['series_id,period,value', ...[...train].flatMap(([id, values]) => values.map((v, i) => `${id},${i + 1},${v}`))].join('\n') + '\n');

  const started = performance.now();
  execFileSync(process.execPath, [path.join(ROOT, 'tools/forecast/cli.js'), '--input', input, '--horizon', String(horizon), '--season', String(set.season), '--method', METHOD, '--output', output], { stdio: 'inherit' });
  const seconds = (performance.now() - started) / 1000;

  const forecasts = new Map();
  for (const [id, , f, lo80, hi80, lo95, hi95, model] of readCsv(output)) {
    if (!forecasts.has(id)) forecasts.set(id, { f: [], lo80: [], hi80: [], lo95: [], hi95: [], model });
    const entry = forecasts.get(id);
    entry.f.push(Number(f));
    entry.lo80.push(Number(lo80));
    entry.hi80.push(Number(hi80));
    entry.lo95.push(Number(lo95));
    entry.hi95.push(Number(hi95));
  }
  const scores = { smape: [], mase: [], rmsse: [] };
  const all = { y: [], lo80: [], hi80: [], lo95: [], hi95: [] };
  const models = new Map();
  for (const [id, actual] of test) {
    const fc = forecasts.get(id);
    const history = train.get(id);
    scores.smape.push(smape(actual, fc.f));
    const m = mase(actual, fc.f, history, set.scaleLag);
    if (Number.isFinite(m)) scores.mase.push(m);
    const r = rmsse(actual, fc.f, history, 1);
    if (Number.isFinite(r)) scores.rmsse.push(r);
    all.y.push(...actual);
    for (const k of ['lo80', 'hi80', 'lo95', 'hi95']) all[k].push(...fc[k]);
    const family = fc.model;
    models.set(family, (models.get(family) ?? 0) + 1);
  }
  lines.push(
    `${name.padEnd(11)} ${String(test.size).padStart(5)} series  sMAPE ${mean(scores.smape).toFixed(2).padStart(6)}  MASE ${mean(scores.mase).toFixed(3)}  RMSSE ${mean(scores.rmsse).toFixed(3)}` +
      `  cover80 ${(100 * coverage(all.y, all.lo80, all.hi80)).toFixed(1)}%  cover95 ${(100 * coverage(all.y, all.lo95, all.hi95)).toFixed(1)}%  ${seconds.toFixed(1)} s` +
      `\n            published (sMAPE / MASE): ${set.published}` +
      `\n            models: ${[...models].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
}

console.log(`\nbench/forecast-accuracy (engine via its command line)\n${lines.join('\n')}`);
