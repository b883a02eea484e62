#!/usr/bin/env node
// The engine's command line (public contract, DESIGN.md):
//   npm run forecast -- --input series.csv --horizon 13 --season 52 --output forecasts.csv [--method auto|fast|ets|arima]
// (auto, the default: the combination of ETS, ARIMA and Theta; fast: the forecast service's selection)
// reads long-format `series_id,period,value` (the rows of a series together, in time order) and
// writes `series_id,step,forecast,lo80,hi80,lo95,hi95,model`, one series at a time (streamed).
// The periods of a series must increase: a repeat or a step back stops the run (exit 2) naming the
// line. A skipped period in the history is missing data (filled by a straight line, so the season
// stays in place, and counted on stderr); future rows are taken in order, one step each.
//
// Drivers: columns after `value` (named by the header: `price`, `promo`, `feature`, …) are numeric
// drivers. Rows with an empty `value` after a series' last observed period are its future periods,
// carrying the planned drivers: exactly `--horizon` of them (a series without any is forecast at
// regular price without promotion). An empty driver cell is not known (see fillDrivers). The output then gains a `baseline`
// column after `model` (the forecast without any driver's effect), and the drivers' effects are
// estimated per series and shrunk towards what all series of the file show together
// (libs/forecast-engine/src/lib/drivers.ts), so the file is read whole before the first forecast.
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

/** The forecast of a series without one observed value: nothing to learn from, so no sales ahead either. */
function nothingObserved(horizon) {
  const zeros = Array(horizon).fill(0);
  return { forecast: zeros, lo80: zeros, hi80: zeros, lo95: zeros, hi95: zeros, baseline: zeros, model: 'none(no observed value)' };
}

/** Driver cells that say "not known": empty, or NA as R and pandas write it. */
const NOT_KNOWN = /^(|na|nan|null|none)$/i;
const round = (v) => String(Math.round(v * 1e6) / 1e6);
const quoted = (id) => (/[",\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id);

/**
 * Skipped periods in a history are missing data, not zero sales: filled by straight lines from the
 * last observed period to the next (value and every driver), so the season stays in place.
 */
function fillGap(series, skipped, value, drivers) {
  const last = series.values.at(-1);
  const lastDrivers = series.drivers.map((column) => column.at(-1));
  for (let j = 1; j <= skipped; j++) {
    const share = j / (skipped + 1);
    series.values.push(last + share * (value - last));
    drivers.forEach((v, k) => series.drivers[k].push(v === null || lastDrivers[k] === null ? null : lastDrivers[k] + share * (v - lastDrivers[k])));
  }
  series.filled += skipped;
}

/**
 * Rows with an empty (or NA) value followed by an observed one are missing data, not the future:
 * their values are filled by a straight line like skipped periods, and their drivers kept as given.
 */
function fillMissingRows(series, missing, skipped, value, drivers) {
  const rows = [...missing.flatMap((row) => [...Array(row.gapBefore).fill(null), row.drivers]), ...Array(skipped).fill(null)];
  const last = series.values.at(-1);
  rows.forEach((row, j) => {
    series.values.push(last + ((j + 1) / (rows.length + 1)) * (value - last));
    // A skipped period's drivers are not known (filled as empty cells are); a row's are its own.
    drivers.forEach((_, k) => series.drivers[k].push(row ? row[k] : null));
  });
  series.filled += rows.length;
}

/** A driver cell left empty is not known: filled by the engine's rule (fillUnknown), counted on stderr. */
function fillDrivers(engine, series, names) {
  names.forEach((name, k) => {
    const column = [...series.drivers[k], ...series.future.map((row) => row[k])];
    if (!column.includes(null)) return;
    const known = engine.fillUnknown(name, column);
    if (!known) {
      // No price in any row: this series is forecast with its other drivers.
      series.without.add(k);
      return;
    }
    series.unknownCells += known.filled;
    series.drivers[k] = known.values.slice(0, series.drivers[k].length);
    series.future.forEach((row, i) => (row[k] = known.values[series.drivers[k].length + i]));
  });
}

/**
 * The series of the file, one at a time, as `{ id, values, drivers, future }` (`drivers` and
 * `future`: arrays of each driver's values, by name). `onHeader` learns the driver names first.
 */
async function* readSeries(engine, file, horizon, onHeader) {
  let names = [];
  let current = null;
  const seen = new Set();
  let line = 0;
  let lastPeriod = 0;
  const finish = () => {
    if (current) current.future = names.length > 0 ? current.future.map((row) => row.drivers) : []; // without drivers, nothing to plan
    if (current && current.future.length > 0 && current.future.length !== horizon) {
      throw new Error(`series ${current.id} has ${current.future.length} future periods (rows with an empty value); it needs --horizon ${horizon}`);
    }
    if (current && current.values.length > 0) fillDrivers(engine, current, names);
    return current;
  };
  for await (const row of fs.createReadStream(file).pipe(parse({ headers: false, ignoreEmpty: true }))) {
    line++;
    if (line === 1 && row[2] !== undefined && !Number.isFinite(Number(row[2]))) {
      names = row.slice(3).map((name) => name.trim());
      const bad = names.find((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
      if (bad !== undefined) throw new Error(`line 1: driver column "${bad}" needs a name of letters, digits and _`);
      if (new Set(names).size !== names.length) throw new Error('line 1: two driver columns have the same name');
      onHeader(names);
      continue;
    }
    if (line === 1) onHeader(names);
    if (row.length < 3) throw new Error(`line ${line}: expected series_id,period,value`);
    if (row.length !== 3 + names.length) throw new Error(`line ${line}: expected ${3 + names.length} columns (series_id,period,value${names.map((n) => `,${n}`).join('')}), got ${row.length}`);
    const [id, periodText, text] = row;
    const period = Number(periodText);
    if (periodText.trim() === '' || !Number.isInteger(period)) throw new Error(`line ${line}: period "${periodText}" is not an integer`);
    const drivers = names.map((name, k) => {
      const cell = row[3 + k].trim();
      if (NOT_KNOWN.test(cell)) return null; // not known: see fillDrivers
      const value = Number(cell);
      if (!Number.isFinite(value)) throw new Error(`line ${line}: ${name} "${row[3 + k]}" is not a finite number`);
      // A price of 0 or less is no price (revenue / units of a week without sales, say): not known.
      if (name === 'price' && value <= 0) return null;
      return value;
    });
    if (id !== (current && current.id)) {
      const done = finish();
      if (done) yield done;
      if (seen.has(id)) throw new Error(`line ${line}: the rows of series ${id} are not together`);
      seen.add(id);
      current = { id, values: [], drivers: names.map(() => []), future: [], filled: 0, unknownCells: 0, leading: 0, without: new Set() };
    } else if (period <= lastPeriod) {
      const what = period === lastPeriod ? 'repeats' : 'steps back from';
      throw new Error(`line ${line}: period ${period} of series ${id} ${what} period ${lastPeriod}; the periods of a series must increase`);
    }
    const skipped = current.values.length > 0 ? period - lastPeriod - 1 : 0;
    lastPeriod = period;
    if (NOT_KNOWN.test(text.trim())) {
      // A series' first rows without a value say nothing: left out. Later ones are the future, or
      // missing data if an observed value follows (fillMissingRows).
      if (current.values.length > 0) current.future.push({ drivers, gapBefore: skipped });
      else current.leading++;
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`line ${line}: value "${text}" is not a finite number`);
    if (current.future.length > 0) {
      fillMissingRows(current, current.future, skipped, value, drivers);
      current.future = [];
    } else if (skipped > 0) fillGap(current, skipped, value, drivers);
    current.values.push(value);
    drivers.forEach((v, k) => current.drivers[k].push(v));
  }
  const done = finish();
  if (done) yield done;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const engine = loadEngine();
  const out = fs.createWriteStream(options.output);
  const write = (text) => (out.write(text) ? undefined : new Promise((r) => out.once('drain', r)));
  let names = [];
  let headerWritten = false;
  const writeHeader = async () => {
    if (headerWritten) return;
    headerWritten = true;
    await write(`series_id,step,forecast,lo80,hi80,lo95,hi95,model${names.length > 0 ? ',baseline' : ''}\n`);
  };
  /** A series' driver columns by name, less the drivers it has no value of (`without`). */
  const byName = (columns, without = new Set()) => Object.fromEntries(names.flatMap((name, k) => (without.has(k) ? [] : [[name, columns[k]]])));
  const writeForecast = async (id, result) => {
    let text = '';
    for (let i = 0; i < options.horizon; i++) {
      text += `${quoted(id)},${i + 1},${round(result.forecast[i])},${round(result.lo80[i])},${round(result.hi80[i])},${round(result.lo95[i])},${round(result.hi95[i])},${result.model}`;
      text += names.length > 0 ? `,${round(result.baseline[i])}\n` : '\n';
    }
    await write(text);
  };

  let series = 0;
  const started = Date.now();
  const engineOptions = { horizon: options.horizon, season: options.season, method: options.method };
  const all = [];
  let filled = 0;
  let unknownCells = 0;
  let unobserved = 0;
  let leading = 0;
  for await (const found of readSeries(engine, options.input, options.horizon, (driverNames) => (names = driverNames))) {
    await writeHeader();
    filled += found.filled;
    unknownCells += found.unknownCells;
    leading += found.leading;
    if (found.values.length === 0) unobserved++;
    if (names.length === 0) {
      // No drivers: streamed, one series at a time, exactly as before drivers existed.
      await writeForecast(found.id, found.values.length ? engine.forecastSeries(found.values, engineOptions) : nothingObserved(options.horizon));
      series++;
    } else {
      all.push(found);
    }
  }
  await writeHeader();
  if (names.length > 0) {
    const history = (found) => ({ history: found.values, drivers: byName(found.drivers, found.without) });
    // Each series' own estimate, made once: for the pooled prior, then for its forecast.
    const estimates = new Map(all.filter((found) => found.values.length > 0).map((found) => [found, engine.estimateDrivers(history(found))]));
    const prior = engine.poolDrivers([...estimates.values()]);
    for (const found of all) {
      if (found.values.length === 0) {
        await writeForecast(found.id, nothingObserved(options.horizon));
        series++;
        continue;
      }
      // A series without future periods is forecast at regular price without promotion: its baseline.
      const planned = found.future.length > 0 ? byName(names.map((_, k) => found.future.map((row) => row[k])), found.without) : undefined;
      await writeForecast(found.id, engine.forecastWithDrivers(history(found), planned, { ...engineOptions, prior, estimate: estimates.get(found) }));
      series++;
    }
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  const seconds = (Date.now() - started) / 1000;
  const drivers = names.length ? `, drivers ${names.join(', ')}` : '';
  const gaps =
    (filled ? `, ${filled} skipped or empty periods filled as missing data` : '') +
    (unknownCells ? `, ${unknownCells} empty driver cells filled` : '') +
    (leading ? `, ${leading} rows without a value before a series' first observed one left out` : '') +
    (unobserved ? `, ${unobserved} series without any observed value forecast as 0` : '');
  console.error(`forecast: ${series} series, horizon ${options.horizon}, season ${options.season}${drivers}${gaps}, in ${seconds.toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`forecast: ${error.message}`);
  process.exit(2);
});
