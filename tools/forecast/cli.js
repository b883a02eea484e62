#!/usr/bin/env node
// The engine's command line (public contract, DESIGN.md):
//   npm run forecast -- --input series.csv --horizon 13 --season 52 --output forecasts.csv [--method auto|fast|ets|arima]
// (auto, the default: the combination of ETS, ARIMA and Theta; fast: the forecast service's selection)
// reads long-format `series_id,period,value` (the rows of a series together, in time order) and
// writes `series_id,step,forecast,lo80,hi80,lo95,hi95,model`, one series at a time (streamed).
// The periods of a series must be consecutive integers: a gap, a repeat or a step back would
// silently shift the season, so it stops the run (exit 2) naming the line.
'use strict';
const fs = require('node:fs');
const { parse } = require('fast-csv');
const { loadEngine } = require('./engine');

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith('--') || argv[i + 1] === undefined) throw new Error(`expected --name value pairs, got "${key}"`);
    args[key.slice(2)] = argv[i + 1];
  }
  for (const required of ['input', 'output']) if (!args[required]) throw new Error(`--${required} is required`);
  const horizon = Number(args.horizon ?? 13);
  const season = Number(args.season ?? 52);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 520) throw new Error('--horizon must be an integer from 1 to 520');
  if (!Number.isInteger(season) || season < 1) throw new Error('--season must be a positive integer');
  const method = args.method ?? 'auto';
  if (!['auto', 'fast', 'ets', 'arima'].includes(method)) throw new Error('--method must be auto, fast, ets or arima');
  return { input: args.input, output: args.output, horizon, season, method };
}

const round = (v) => String(Math.round(v * 1e6) / 1e6);

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { forecastSeries } = loadEngine();
  const out = fs.createWriteStream(options.output);
  const write = (text) => (out.write(text) ? undefined : new Promise((r) => out.once('drain', r)));
  await write('series_id,step,forecast,lo80,hi80,lo95,hi95,model\n');

  let current = null;
  let values = [];
  const seen = new Set();
  let series = 0;
  const started = Date.now();
  const flush = async () => {
    if (current === null) return;
    const result = forecastSeries(values, { horizon: options.horizon, season: options.season, method: options.method });
    const id = /[",\n]/.test(current) ? `"${current.replace(/"/g, '""')}"` : current;
    let text = '';
    for (let i = 0; i < options.horizon; i++) {
      text += `${id},${i + 1},${round(result.forecast[i])},${round(result.lo80[i])},${round(result.hi80[i])},${round(result.lo95[i])},${round(result.hi95[i])},${result.model}\n`;
    }
    await write(text);
    series++;
  };

  let line = 0;
  let lastPeriod = 0;
  for await (const row of fs.createReadStream(options.input).pipe(parse({ headers: false, ignoreEmpty: true }))) {
    line++;
    if (line === 1 && row[2] !== undefined && !Number.isFinite(Number(row[2]))) continue; // a header
    if (row.length < 3) throw new Error(`line ${line}: expected series_id,period,value`);
    const [id, periodText, text] = row;
    const period = Number(periodText);
    if (periodText.trim() === '' || !Number.isInteger(period)) throw new Error(`line ${line}: period "${periodText}" is not an integer`);
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`line ${line}: value "${text}" is not a finite number`);
    if (id !== current) {
      await flush();
      if (seen.has(id)) throw new Error(`line ${line}: the rows of series ${id} are not together`);
      seen.add(id);
      current = id;
      values = [];
    } else if (period !== lastPeriod + 1) {
      const what = period === lastPeriod ? 'repeats' : period < lastPeriod ? 'steps back from' : `leaves a gap after`;
      throw new Error(`line ${line}: period ${period} of series ${id} ${what} period ${lastPeriod}; the periods of a series must be consecutive integers`);
    }
    lastPeriod = period;
    values.push(value);
  }
  await flush();
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  const seconds = (Date.now() - started) / 1000;
  console.error(`forecast: ${series} series, horizon ${options.horizon}, season ${options.season}, in ${seconds.toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`forecast: ${error.message}`);
  process.exit(2);
});
