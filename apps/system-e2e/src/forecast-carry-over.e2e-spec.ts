import type { ForecastSeriesView, RunView, SessionView } from '@tideline/contracts';
import { call, login } from './support/http';
import { PRODUCTS, SERIES, STORES, WEEKS, runFinished, salesCsv, units, uploadCsv, weekOf } from './support/small-chain';
import { TestSystem } from './support/test-system';

/**
 * What a run forecasts: an upload's run forecasts every series from the chain's last week. Weeks
 * are counted from WEEKS, the first week after the chain's history.
 */
// Once with one process of every service, once with two of each side by side.
describe.each([1, 2])('forecast service: upload runs, %i instance(s) of every service (real broker, database, processes)', (instances) => {
  let system: TestSystem;
  let data: SessionView;
  let analyst: SessionView;
  const api = <T = unknown>(method: string, route: string, body?: unknown, token = analyst.accessToken) =>
    call<T>(system.gatewayUrl, method, `/api${route}`, { token, body });
  const series = async (query: string) => {
    const answer = await api<ForecastSeriesView>('GET', `/forecast/series?${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const one = (i: number) => series(`sku=${SERIES[i].sku}&store=${SERIES[i].store}`);
  /** Uploads sales and waits for the run the upload starts. */
  const uploadSales = async (csv: string): Promise<RunView> => {
    const upload = await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', csv);
    expect(upload.status).toBe('completed');
    return runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.scope.uploadId === upload.id);
  };

  beforeAll(async () => {
    system = await TestSystem.start({ instances });
    const password = system.env['DEMO_PASSWORD'];
    [data, analyst] = await Promise.all(
      ['data@tideline.local', 'analyst@tideline.local'].map((email) => login(system.gatewayUrl, email, password)),
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
});
