import type { AccuracyRow, ForecastSeriesView, RunView, SessionView } from '@tideline/contracts';
import { call, login } from './support/http';
import { runFinished, uploadCsv, uploadSmallCatalog, weekOf } from './support/small-chain';
import { TestSystem } from './support/test-system';

/**
 * 60 weeks of P1 and P2 in S1 around 50 units. P1's shelf ran empty in its last 8 weeks (5 sold, flagged
 * out of stock) and once more with nothing on hand and nothing sold: those weeks say little of its demand.
 */
const WEEKS = 60;
const outOfStock = (week: number) => week >= WEEKS - 8;
const level = (week: number) => 50 + ((week * 7) % 5) - 2;
const HISTORY = [
  'week,store,sku,units,on_hand,stockout',
  ...Array.from({ length: WEEKS }, (_, w) => [
    w === 20 ? `${weekOf(w)},S1,P1,0,0,` : `${weekOf(w)},S1,P1,${outOfStock(w) ? 5 : level(w)},${outOfStock(w) ? 0 : 30},${outOfStock(w) ? 1 : 0}`,
    `${weekOf(w)},S1,P2,${level(w + 1)},40,0`,
  ]).flat(),
].join('\n');

describe('stock-outs: censored weeks are demand not seen, not low demand (real broker, database, processes)', () => {
  let system: TestSystem;
  let data: SessionView;
  let analyst: SessionView;
  const series = async (query: string) => (await call<ForecastSeriesView>(system.gatewayUrl, 'GET', `/api/forecast/series?${query}`, { token: analyst.accessToken })).body;

  beforeAll(async () => {
    system = await TestSystem.start();
    const password = system.env['DEMO_PASSWORD'];
    [data, analyst] = await Promise.all(['data@tideline.local', 'analyst@tideline.local'].map((email) => login(system.gatewayUrl, email, password)));
    await uploadSmallCatalog(system.gatewayUrl, data.accessToken);
  });
  afterAll(() => system?.stop());

  it('takes on_hand and stockout, naming a bad value by line and column', async () => {
    const bad = await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', `week,store,sku,units,on_hand,stockout\n${weekOf(0)},S2,P3,4,-1,maybe\n`);
    expect(bad).toMatchObject({ status: 'failed', rowsRejected: 1 });
    const rejections = await fetch(`${system.gatewayUrl}/api/sales/uploads/${bad.id}/rejections.csv`, { headers: { authorization: `Bearer ${data.accessToken}` } });
    expect((await rejections.text()).split('\n').slice(1, 3)).toEqual(["2,on_hand,'-1,must not be negative", '2,stockout,maybe,expected 0 or 1']);

    expect(await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', HISTORY)).toMatchObject({ status: 'completed', rowsAccepted: WEEKS * 2 });
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.trigger === 'upload');
  });

  it('forecasts from the estimated demand of out-of-stock weeks, and shows the estimate', async () => {
    const p1 = await series('sku=P1&store=S1');
    // Learnt from 5 a week, the forecast would be near 5; from the demand around the empty weeks, near 50.
    for (const week of p1.forecast) expect(week.statistical).toBeGreaterThan(40);
    const censored = p1.history.filter((h) => h.censored);
    expect(censored.map((h) => h.week)).toEqual([weekOf(20), ...Array.from({ length: 8 }, (_, i) => weekOf(WEEKS - 8 + i))]);
    expect(censored[0]).toMatchObject({ units: 0, demand: expect.closeTo((level(19) + level(21)) / 2, 6) });
    for (const week of censored.slice(1)) expect(week).toMatchObject({ units: 5, demand: level(WEEKS - 9) });
    expect(p1.history.find((h) => h.week === weekOf(19))).toEqual({ week: weekOf(19), units: level(19) });
  });

  it('measures no accuracy on an out-of-stock week', async () => {
    const week = weekOf(WEEKS);
    await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', `week,store,sku,units,stockout\n${week},S1,P1,3,1\n${week},S1,P2,50,0\n`);
    await runFinished(system.gatewayUrl, analyst.accessToken, (r: RunView) => r.trigger === 'upload' && r.asOf === week);
    const rows = await call<AccuracyRow[]>(system.gatewayUrl, 'GET', '/api/forecast/accuracy?by=series&lag=1', { token: analyst.accessToken });
    expect(rows.body.map((r) => [r.key, r.points])).toEqual([['P2 @ S1', 1]]);
  });
});
