import type { AccuracyRow, ForecastSeriesView, OverrideView, RunView, SessionView } from '@tideline/contracts';
import { call, login } from './support/http';
import { PRODUCTS, SERIES, STORES, WEEKS, runFinished, salesCsv, units, uploadCsv, weekOf } from './support/small-chain';
import { TestSystem } from './support/test-system';

/**
 * What a run forecasts and what it keeps from the one before: an upload's run forecasts every
 * series from the chain's last week, override layers keep their kind into the next run, and
 * accuracy credits a layer only for the forecasts it shaped. Weeks are counted from WEEKS, the
 * first week after the chain's history.
 */
// Once with one process of every service, once with two of each side by side.
describe.each([1, 2])('forecast service: upload runs, overrides carried by kind, value added, %i instance(s) of every service (real broker, database, processes)', (instances) => {
  let system: TestSystem;
  let data: SessionView;
  let analyst: SessionView;
  let admin: SessionView;
  const api = <T = unknown>(method: string, route: string, body?: unknown, token = analyst.accessToken) =>
    call<T>(system.gatewayUrl, method, `/api${route}`, { token, body });
  const series = async (query: string) => {
    const answer = await api<ForecastSeriesView>('GET', `/forecast/series?${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const one = (i: number) => series(`sku=${SERIES[i].sku}&store=${SERIES[i].store}`);
  /** The current forecast of series i for a week. */
  const cell = async (i: number, week: string) => {
    const found = (await one(i)).forecast.find((f) => f.week === week);
    if (!found) throw new Error(`no forecast of series ${i} for ${week}`);
    return found;
  };
  const override = async (body: Record<string, unknown>, token = analyst.accessToken) => {
    const created = await api<OverrideView>('POST', '/forecast/overrides', { reason: 'event', ...body }, token);
    expect(created.status).toBe(201);
    return created.body;
  };
  const revert = async (id: string) => expect((await api('POST', `/forecast/overrides/${id}/revert`)).status).toBe(200);
  /** Uploads sales and waits for the run the upload starts. */
  const uploadSales = async (csv: string): Promise<RunView> => {
    const upload = await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', csv);
    expect(upload.status).toBe('completed');
    return runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.scope.uploadId === upload.id);
  };

  beforeAll(async () => {
    system = await TestSystem.start({ instances });
    const password = system.env['DEMO_PASSWORD'];
    [data, analyst, admin] = await Promise.all(
      ['data@tideline.local', 'analyst@tideline.local', 'admin@tideline.local'].map((email) => login(system.gatewayUrl, email, password)),
    );
    expect((await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/products/uploads', PRODUCTS)).rowsAccepted).toBe(4);
    expect((await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/stores/uploads', STORES)).rowsAccepted).toBe(2);
    const first = await uploadSales(salesCsv(Array.from({ length: WEEKS }, (_, w) => w)));
    expect(first).toMatchObject({ status: 'completed', seriesTotal: 8, asOf: weekOf(WEEKS - 1) });
  });
  afterAll(() => system?.stop());

  it('forecasts every series after an upload, those the upload left out too, from the chain’s last week', async () => {
    // The week's file has no row for P2 and P4 in S2 (series 3 and 7): slow movers that sold nothing.
    const omitted = [3, 7];
    const run = await uploadSales(salesCsv([WEEKS], units, (i) => !omitted.includes(i)));
    expect(run).toMatchObject({ status: 'completed', trigger: 'upload', seriesTotal: 8, seriesDone: 8, asOf: weekOf(WEEKS) });

    const horizon = Array.from({ length: 13 }, (_, h) => weekOf(WEEKS + 1 + h));
    const all = await Promise.all(SERIES.map((_, i) => one(i)));
    all.forEach((s) => {
      expect(s.asOf).toBe(weekOf(WEEKS));
      expect(s.forecast.map((f) => f.week)).toEqual(horizon);
    });
    for (const i of omitted) expect(all[i].history[all[i].history.length - 1].week).toBe(weekOf(WEEKS - 1));

    // So the chain holds every series in every week of the horizon, its last week too.
    const chain = await series('');
    expect(chain).toMatchObject({ series: 8, asOf: weekOf(WEEKS) });
    expect(chain.forecast.map((f) => f.week)).toEqual(horizon);
    chain.forecast.forEach((week, h) => expect(week.statistical).toBeCloseTo(all.reduce((sum, s) => sum + s.forecast[h].statistical, 0), 2));
  });

  it('carries each override into the next run by its kind: a value stays the value, a percent a percent, a delta a delta', async () => {
    const week = weekOf(WEEKS + 2); // in the horizon of this run and of the next
    const dairy = [0, 1, 2, 3]; // P1 and P2 in S1 and S2
    await override({ category: 'Dairy', from: week, to: week, kind: 'value', amount: 400 });
    const dairyFinals = await Promise.all(dairy.map(async (i) => (await cell(i, week)).final));
    expect(dairyFinals.reduce((a, b) => a + b, 0)).toBeCloseTo(400, 2);
    const percent = await override({ sku: 'P3', store: 'S1', from: week, to: week, kind: 'percent', amount: 50 });
    await override({ sku: 'P3', store: 'S2', from: week, to: week, kind: 'delta', amount: 7 });
    // Two layers on one series, in order: the value, then 50% more.
    await override({ sku: 'P4', store: 'S1', from: week, to: week, kind: 'value', amount: 60 });
    await override({ sku: 'P4', store: 'S1', from: week, to: week, kind: 'percent', amount: 50 });
    expect((await cell(6, week)).final).toBeCloseTo(90, 3);
    const before = await cell(4, week);

    // A week 40% above the usual moves every statistical forecast.
    const run = await uploadSales(salesCsv([WEEKS + 1], (i, w) => Math.round(units(i, w) * 1.4)));
    expect(run).toMatchObject({ status: 'completed', seriesTotal: 8, asOf: weekOf(WEEKS + 1) });

    const p3s1 = await cell(4, week);
    expect(Math.abs(p3s1.statistical - before.statistical)).toBeGreaterThan(0.5);
    expect(p3s1.final).toBeCloseTo(p3s1.statistical * 1.5, 2);
    const p3s2 = await cell(5, week);
    expect(p3s2.final).toBeCloseTo(p3s2.statistical + 7, 2);
    expect((await cell(6, week)).final).toBeCloseTo(90, 2);
    const p4s2 = await cell(7, week);
    expect(p4s2.final).toBe(p4s2.statistical);
    // The value is spread over the series as it was, whatever their new statistical forecasts.
    const dairyAfter = await Promise.all(dairy.map((i) => cell(i, week)));
    dairyAfter.forEach((c, k) => expect(c.final).toBeCloseTo(dairyFinals[k], 2));
    expect(dairyAfter.some((c, k) => Math.abs(c.statistical - dairyFinals[k]) > 0.5)).toBe(true);
    // Aggregates still add up.
    const weekOfChain = (await series('')).forecast.find((f) => f.week === week);
    const finals = await Promise.all(SERIES.map(async (_, i) => (await cell(i, week)).final));
    expect(weekOfChain?.final).toBeCloseTo(finals.reduce((a, b) => a + b, 0), 2);
    expect((await series('category=Dairy')).forecast.find((f) => f.week === week)?.final).toBeCloseTo(400, 2);

    // Reverting a carried layer removes exactly its change on this run's forecast.
    await revert(percent.id);
    const reverted = await cell(4, week);
    expect(reverted.final).toBeCloseTo(reverted.statistical, 3);
  });

  it('credits an override in value added only for the forecasts it shaped', async () => {
    // The current run forecast from WEEKS + 1; its lag-4 forecast is of this week.
    const week = weekOf(WEEKS + 5);
    const shaped = await override({ sku: 'P1', store: 'S1', from: week, to: week, kind: 'delta', amount: 5 });
    const laterReverted = await override({ sku: 'P4', store: 'S1', from: week, to: week, kind: 'value', amount: 50 });
    const undone = await override({ sku: 'P2', store: 'S1', from: week, to: week, kind: 'percent', amount: 20 });
    await revert(undone.id); // while this forecast is current: it no longer shapes it

    // The next week's run replaces that forecast; a layer made now shapes only the new one.
    await uploadSales(salesCsv([WEEKS + 2]));
    const madeLater = await override({ sku: 'P3', store: 'S1', from: week, to: week, kind: 'delta', amount: 9 }, admin.accessToken);
    expect(madeLater.createdBy).toBe('admin@tideline.local');
    await revert(laterReverted.id); // its change stays in the forecast it shaped

    // The actuals up to that week arrive: lag 4 compares it with the forecast made from WEEKS + 1.
    await uploadSales(salesCsv([WEEKS + 3, WEEKS + 4, WEEKS + 5]));
    const accuracy = async (by: string) => {
      const rows = await api<AccuracyRow[]>('GET', `/forecast/accuracy?by=${by}&lag=4&from=${week}&to=${week}`);
      expect(rows.status).toBe(200);
      return rows.body;
    };
    expect((await accuracy('analyst')).map((r) => [r.key, r.points])).toEqual([
      ['(not overridden)', 6],
      ['analyst@tideline.local', 2],
    ]);
    // The measured final holds exactly the layers credited: final − statistical, from the biases.
    const bySeries = await accuracy('series');
    const change = (i: number) => {
      const row = bySeries.find((r) => r.key === `${SERIES[i].sku} @ ${SERIES[i].store}`);
      if (!row || row.final.bias === null || row.statistical.bias === null) throw new Error(`no lag-4 point of series ${i}`);
      expect(row.actual).toBe(units(i, WEEKS + 5));
      return ((row.final.bias - row.statistical.bias) * row.actual) / 100;
    };
    expect(change(0)).toBeCloseTo(5, 2); // shaped it
    expect(change(2)).toBeCloseTo(0, 2); // reverted before it was replaced
    expect(change(4)).toBeCloseTo(0, 2); // made after it was replaced
    const p4s1 = bySeries.find((r) => r.key === 'P4 @ S1');
    expect(p4s1 && p4s1.actual * (1 + (p4s1.final.bias ?? 0) / 100)).toBeCloseTo(50, 2);
    expect(shaped.createdBy).toBe('analyst@tideline.local');
  });
});
