import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs the engine's command line (`npm run forecast -- …`, public contract) on a small file. */
function forecast(input: string, ...args: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecast-cli-'));
  const inputFile = path.join(dir, 'series.csv');
  const outputFile = path.join(dir, 'forecasts.csv');
  fs.writeFileSync(inputFile, input);
  const run = spawnSync(process.execPath, [path.join(ROOT, 'tools/forecast/cli.js'), '--input', inputFile, '--output', outputFile, ...args], {
    encoding: 'utf8',
  });
  const output = fs.existsSync(outputFile) ? fs.readFileSync(outputFile, 'utf8') : '';
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: run.status, stderr: run.stderr, lines: output.trim().split('\n') };
}

describe('the forecast command line', () => {
  it('writes horizon rows per series with intervals and the chosen model', () => {
    const weeks = Array.from({ length: 30 }, (_, t) => `A,${t + 1},${100 + (t % 4)}`);
    const sparse = Array.from({ length: 30 }, (_, t) => `"B,1",${t + 1},${t % 5 === 0 ? 3 : 0}`);
    const result = forecast(['series_id,period,value', ...weeks, ...sparse].join('\n') + '\n', '--horizon', '4', '--season', '52');
    expect(result.status).toBe(0);
    expect(result.lines[0]).toBe('series_id,step,forecast,lo80,hi80,lo95,hi95,model');
    expect(result.lines).toHaveLength(1 + 2 * 4);
    const [id, step, f, lo80, hi80, lo95, hi95] = result.lines[1].split(',');
    expect([id, step]).toEqual(['A', '1']);
    expect(Number(lo95)).toBeLessThanOrEqual(Number(lo80));
    expect(Number(lo80)).toBeLessThanOrEqual(Number(f));
    expect(Number(f)).toBeLessThanOrEqual(Number(hi80));
    expect(Number(hi80)).toBeLessThanOrEqual(Number(hi95));
    expect(result.lines[5]).toMatch(/^"B,1",1,[\d.]+,0,[\d.]+,0,[\d.]+,(sba|tsb|croston)$/);
  });

  it('fits automatic ETS instead with --method ets, naming the model chosen', () => {
    const months = Array.from({ length: 60 }, (_, t) => `M,${t + 1},${100 + 20 * Math.sin((2 * Math.PI * t) / 12) + (t % 3)}`);
    const result = forecast(['series_id,period,value', ...months].join('\n') + '\n', '--horizon', '3', '--season', '12', '--method', 'ets');
    expect(result.status).toBe(0);
    expect(result.lines).toHaveLength(4);
    expect(result.lines[1]).toMatch(/^M,1,[\d.]+,[\d.]+,[\d.]+,[\d.]+,[\d.]+,ets\([AM](N|A|Ad)[NAM]\)$/);
    expect(forecast('A,1,1\n', '--method', 'bogus').stderr).toContain('--method must be auto, fast, ets or arima');
  });

  it('names the line of a bad value and exits with 2', () => {
    const result = forecast('series_id,period,value\nA,1,5\nA,2,lots\n', '--horizon', '2');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('line 3: value "lots" is not a finite number');
  });

  it('refuses periods that repeat or step back, naming the line (exit 2), and fills skipped periods as missing data', () => {
    const run = (rows: string) => forecast(`series_id,period,value\n${rows}`, '--horizon', '2');
    const gap = run('A,1,5\nA,2,6\nA,5,9\n');
    expect(gap.status).toBe(0);
    expect(gap.stderr).toContain('2 skipped or empty periods filled as missing data');
    expect(run('A,1,5\nA,2,6\nA,2,7\n').stderr).toContain('line 4: period 2 of series A repeats period 2');
    expect(run('A,5,5\nA,6,6\nA,4,7\n').stderr).toContain('line 4: period 4 of series A steps back from period 6');
    expect(run('A,5,5\nA,6,6\nA,4,7\n').status).toBe(2);
    expect(run('A,1,5\nA,x,6\n').stderr).toContain('line 3: period "x" is not an integer');
    // Each series may start where its data starts.
    expect(run('A,7,5\nA,8,6\nA,9,6\nB,1,3\nB,2,4\nB,3,3\n').status).toBe(0);
  });

  it('refuses a series whose rows are not together, and a bad horizon', () => {
    expect(forecast('A,1,1\nB,1,2\nA,2,3\n', '--horizon', '2').stderr).toContain('the rows of series A are not together');
    expect(forecast('A,1,1\n', '--horizon', '0').stderr).toContain('--horizon must be an integer from 1 to 520');
  });

  it('forecasts with drivers: future rows carry the plan, and a baseline column says what the forecast is without it', () => {
    // Units rise by e^0.6 on log(1 + units) in promoted weeks; the last two rows are the future.
    const rows = Array.from({ length: 40 }, (_, t) => {
      const promo = t % 6 === 2 ? 1 : 0;
      return `P,${t + 1},${Math.round(Math.expm1(Math.log(60) + 0.6 * promo + 0.03 * Math.sin(t)))},2.5,${promo}`;
    });
    const flat = Array.from({ length: 40 }, (_, t) => `Q,${t + 1},${30 + (t % 3)},1.2,0`);
    const input = ['series_id,period,value,price,promo', ...rows, 'P,41,,2.5,0', 'P,42,,2.5,1', ...flat, 'Q,41,,1.2,0', 'Q,42,,1.2,1'].join('\n') + '\n';
    const result = forecast(input, '--horizon', '2', '--season', '1');
    expect(result.stderr).toContain('drivers price, promo');
    expect(result.status).toBe(0);
    expect(result.lines[0]).toBe('series_id,step,forecast,lo80,hi80,lo95,hi95,model,baseline');
    const cells = result.lines.slice(1).map((line) => line.split(','));
    expect(cells.map(([id, step]) => `${id}${step}`)).toEqual(['P1', 'P2', 'Q1', 'Q2']);
    const [p1, p2, , q2] = cells.map((c) => ({ forecast: Number(c[2]), model: c[7], baseline: Number(c[8]) }));
    expect(p1.forecast).toBeCloseTo(p1.baseline, 3);
    expect(p2.forecast / p2.baseline).toBeGreaterThan(1.5);
    expect(p2.model).toMatch(/\*drivers\(price\|promo\)$/);
    // Q was never promoted: it borrows the promotion's effect from P (the file's pooled estimate).
    expect(q2.forecast / q2.baseline).toBeGreaterThan(1.3);
  });

  it('names what is wrong with a driver file and exits with 2', () => {
    const header = 'series_id,period,value,price,promo\n';
    expect(forecast(`${header}A,1,5,2,0\nA,2,6,2,0\nA,3,,2,1\n`, '--horizon', '2').stderr).toContain('series A has 1 future periods (rows with an empty value); it needs --horizon 2');
    expect(forecast(`${header}A,1,5,2,0\nA,2,6,x,0\nA,3,,2,0\n`, '--horizon', '1').stderr).toContain('line 3: price "x" is not a finite number');
    expect(forecast(`${header}A,1,5,2\n`, '--horizon', '1').stderr).toContain('line 2: expected 5 columns (series_id,period,value,price,promo), got 4');
    // An empty (or NA) driver cell is not known, and neither is a price of 0: the price carries over, a promotion is taken as none.
    const unknown = forecast(`${header}A,1,5,,0\nA,2,6,2,NA\nA,3,7,0,0\nA,4,,,1\n`, '--horizon', '1');
    expect(unknown.status).toBe(0);
    expect(unknown.stderr).toContain('4 empty driver cells filled');
  });

  it('takes what real files hold: NA values as missing data, a series without prices, a series without any value', () => {
    const header = 'series_id,period,value,price,promo\n';
    // A's first row has no value (left out), its 4th is missing data between two observed weeks (filled), and its last two are the future.
    const a = 'A,1,NA,2,0\nA,2,10,2,0\nA,3,11,2,0\nA,4,NA,1.5,1\nA,5,12,2,0\nA,6,11,2,0\nA,7,,2,0\nA,8,,1.5,1\n';
    const b = 'B,1,5,,0\nB,2,6,,1\nB,3,7,,0\nB,4,,,0\nB,5,,,1\n'; // never a price: forecast with its promotions alone
    const c = 'C,1,NA,2,0\nC,2,NA,2,0\n'; // never a value
    const result = forecast(`${header}${a}${b}${c}`, '--horizon', '2', '--season', '1');
    expect(result.status).toBe(0);
    expect(result.lines.slice(1).map((line) => line.split(',').slice(0, 2).join(''))).toEqual(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']);
    expect(result.lines.find((line) => line.startsWith('B,1,'))).toMatch(/\*drivers\(promo\),/);
    expect(result.lines.find((line) => line.startsWith('C,1,'))).toBe('C,1,0,0,0,0,0,none(no observed value),0');
    expect(result.stderr).toContain('1 skipped or empty periods filled as missing data');
    expect(result.stderr).toContain("3 rows without a value before a series' first observed one left out");
    expect(result.stderr).toContain('1 series without any observed value forecast as 0');
  });
});
