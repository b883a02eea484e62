import type { ForecastSeriesView, OutlierView, OutlierWorklistItem, Page, RunView, SessionView } from '@tideline/contracts';
import { call, login } from './support/http';
import { runFinished, uploadCsv, uploadSmallCatalog, weekOf } from './support/small-chain';
import { TestSystem } from './support/test-system';

/** 60 weeks of P1 and P2 in S1 around 50 units; P1 sold 500 in week 57 (a one-off bulk order, say). */
const WEEKS = 60;
const SPIKE = 57;
const level = (w: number) => 50 + ((w * 7) % 5) - 2;
const SALES = [
  'week,store,sku,units',
  ...Array.from({ length: WEEKS }, (_, w) => [`${weekOf(w)},S1,P1,${w === SPIKE ? 500 : level(w)}`, `${weekOf(w)},S1,P2,${level(w + 1)}`]).flat(),
].join('\n');

describe('outliers: corrected for fitting, listed, and the analysts decide (real broker, database, processes)', () => {
  let system: TestSystem;
  let data: SessionView;
  let analyst: SessionView;
  let manager: SessionView;
  const get = async <T>(route: string) => (await call<T>(system.gatewayUrl, 'GET', `/api/forecast/${route}`, { token: analyst.accessToken })).body;
  const nextWeek = async () => (await get<ForecastSeriesView>('series?sku=P1&store=S1')).forecast[0].statistical;
  const rerun = async () => {
    const started = await call<RunView>(system.gatewayUrl, 'POST', '/api/forecast/runs', { token: analyst.accessToken, body: {} });
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.id === started.body.id);
  };
  const decide = (status: string, token = analyst.accessToken, week = weekOf(SPIKE)) =>
    call<OutlierView>(system.gatewayUrl, 'PUT', '/api/forecast/outliers/decision', { token, body: { sku: 'P1', store: 'S1', week, status } });

  beforeAll(async () => {
    system = await TestSystem.start();
    const password = system.env['DEMO_PASSWORD'];
    [data, analyst, manager] = await Promise.all(
      ['data@tideline.local', 'analyst@tideline.local', 'manager@tideline.local'].map((email) => login(system.gatewayUrl, email, password)),
    );
    await uploadSmallCatalog(system.gatewayUrl, data.accessToken);
    await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', SALES);
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.trigger === 'upload');
  });
  afterAll(() => system?.stop());

  let corrected: number;

  it('finds the week, corrects it for fitting, and lists it', async () => {
    const outliers = await get<Page<OutlierView>>('outliers?sku=P1');
    expect(outliers.items).toEqual([
      expect.objectContaining({ sku: 'P1', store: 'S1', week: weekOf(SPIKE), units: 500, status: 'proposed', decidedBy: null, expected: expect.closeTo(50, -1) }),
    ]);
    expect((await get<Page<OutlierView>>('outliers?sku=P2')).total).toBe(0);
    const worklist = await get<Page<OutlierWorklistItem>>('outliers/worklist');
    expect(worklist.items).toEqual([{ sku: 'P1', name: 'Milk', store: 'S1', corrected: 1, proposed: 1 }]);
    const series = await get<ForecastSeriesView>('series?sku=P1&store=S1');
    expect(series.history.find((h) => h.week === weekOf(SPIKE))).toMatchObject({ units: 500, outlier: { status: 'proposed' } });
    corrected = await nextWeek();
    expect(corrected).toBeLessThan(60); // learnt from ~50 a week, not from the 500
  });

  it('keeps a rejection across runs: the week is then learnt as it sold', async () => {
    expect((await decide('rejected', manager.accessToken)).status).toBe(403); // category managers read, analysts decide
    expect((await decide('maybe')).status).toBe(400);
    expect((await decide('rejected', analyst.accessToken, weekOf(3))).status).toBe(404);
    const rejected = await decide('rejected');
    expect(rejected.body).toMatchObject({ status: 'rejected', decidedBy: 'analyst@tideline.local' });
    await rerun();
    expect((await get<Page<OutlierView>>('outliers?sku=P1')).items[0]).toMatchObject({ status: 'rejected' });
    expect((await get<Page<OutlierWorklistItem>>('outliers/worklist')).total).toBe(0);
    expect(await nextWeek()).toBeGreaterThan(corrected + 5);
  });

  it('keeps an acceptance across runs: the week stays corrected', async () => {
    expect((await decide('accepted')).body).toMatchObject({ status: 'accepted' });
    await rerun();
    expect((await get<Page<OutlierView>>('outliers?sku=P1')).items[0]).toMatchObject({ status: 'accepted', decidedBy: 'analyst@tideline.local' });
    expect(await nextWeek()).toBeCloseTo(corrected, 3);
    expect((await get<Page<OutlierWorklistItem>>('outliers/worklist')).items).toEqual([{ sku: 'P1', name: 'Milk', store: 'S1', corrected: 1, proposed: 0 }]);
  });
});
