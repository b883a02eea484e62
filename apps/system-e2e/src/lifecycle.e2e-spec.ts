import type { AccuracyRow, ForecastSeriesView, ProductView, RunView, SessionView } from '@tideline/contracts';
import { call, login } from './support/http';
import { runFinished, uploadCsv, weekOf } from './support/small-chain';
import { TestSystem } from './support/test-system';

/**
 * 60 weeks of history in two Urban stores. P1 sells about 50 a week and P2 about 100; N1 is new (4
 * weeks at 25, like P1); D1 (about 30 a week) ends in the fourth week after the origin, to be
 * followed by D2, which has not sold yet; L1 launches in the third week after the origin, like P1;
 * store S3 closes in the third week after it.
 */
const WEEKS = 60;
const level = (w: number) => 50 + ((w * 7) % 5) - 2;
const END = weekOf(WEEKS + 3);
const PRODUCTS = [
  'sku,name,department,category,subcategory,brand,unit_price,like_sku,like_from,discontinued_on,successor_sku',
  'P1,Milk,Food,Dairy,Milk,Acme,1.10,,,,',
  'P2,Big milk,Food,Dairy,Milk,Acme,2.10,,,,',
  `N1,New milk,Food,Dairy,Milk,Acme,1.20,P1,${weekOf(WEEKS - 4)},,`,
  `D1,Old cheese,Food,Dairy,Cheese,Acme,2.50,,,${END},D2`,
  'D2,New cheese,Food,Dairy,Cheese,Acme,2.60,,,,',
  `L1,Launch milk,Food,Dairy,Milk,Acme,1.30,P1,${weekOf(WEEKS + 2)},,`,
].join('\n');
const STORES = ['store,name,region,cluster,opened_on,closed_on', 'S1,North One,North,Urban,2020-01-01,', `S3,North Two,North,Urban,2020-01-01,${weekOf(WEEKS + 2)}`].join('\n');
const SALES = [
  'week,store,sku,units',
  ...Array.from({ length: WEEKS }, (_, w) => [
    `${weekOf(w)},S1,P1,${level(w)}`,
    `${weekOf(w)},S1,P2,${2 * level(w + 1)}`,
    `${weekOf(w)},S1,D1,${level(w + 2) - 20}`,
    `${weekOf(w)},S3,P1,${level(w + 3)}`,
    ...(w >= WEEKS - 4 ? [`${weekOf(w)},S1,N1,25`] : []),
  ]).flat(),
].join('\n');

describe('lifecycle: new products, successors and ends (real broker, database, processes)', () => {
  let system: TestSystem;
  let data: SessionView;
  let analyst: SessionView;
  const series = async (sku: string, store: string) =>
    (await call<ForecastSeriesView>(system.gatewayUrl, 'GET', `/api/forecast/series?sku=${sku}&store=${store}`, { token: analyst.accessToken })).body;
  const statistical = (view: ForecastSeriesView) => view.forecast.map((w) => w.statistical);

  beforeAll(async () => {
    system = await TestSystem.start();
    const password = system.env['DEMO_PASSWORD'];
    [data, analyst] = await Promise.all(['data@tideline.local', 'analyst@tideline.local'].map((email) => login(system.gatewayUrl, email, password)));
    expect(await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/products/uploads', PRODUCTS)).toMatchObject({ status: 'completed', rowsAccepted: 6 });
    expect(await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/stores/uploads', STORES)).toMatchObject({ status: 'completed', rowsAccepted: 2 });
    expect(await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', SALES)).toMatchObject({ status: 'completed' });
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.trigger === 'upload');
  });
  afterAll(() => system?.stop());

  it('names a bad lifecycle cell by line and column', async () => {
    const bad = await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/products/uploads', 'sku,name,department,category,subcategory,brand,unit_price,like_sku,discontinued_on\nX1,X,Food,Dairy,Milk,Acme,1,X1,2026-13-01\n');
    expect(bad.status).toBe('failed');
    const rejections = await fetch(`${system.gatewayUrl}/api/catalog/products/uploads/${bad.id}/rejections.csv`, { headers: { authorization: `Bearer ${data.accessToken}` } });
    const lines = (await rejections.text()).split('\n');
    expect(lines).toContain("2,like_sku,X1,names this row's own code");
    expect(lines).toContain('2,discontinued_on,2026-13-01,expected a date as YYYY-MM-DD');
  });

  it('takes a product file as European spreadsheets write it (; and decimal commas)', async () => {
    const european = 'sku;name;department;category;subcategory;brand;unit_price;unit_cost\nX2;Extra milk;Food;Dairy;Milk;Acme;"1,25";0,80\n';
    expect(await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/products/uploads', european)).toMatchObject({ status: 'completed', rowsAccepted: 1 });
    const x2 = await call<ProductView>(system.gatewayUrl, 'GET', '/api/catalog/products/X2', { token: analyst.accessToken });
    expect(x2.body).toMatchObject({ unitPrice: 1.25, unitCost: 0.8 });
  });

  it('forecasts a new product from its like-item, scaled by its early sales', async () => {
    const n1 = await series('N1', 'S1');
    expect(n1.lifecycle).toMatchObject({ reference: 'like-item P1' });
    expect(Number(n1.lifecycle?.['weight'])).toBeCloseTo(4 / 52, 2);
    // Its own 4 weeks say 25; P1 says 50; the level prior and the weight put it between (about 36).
    for (const week of statistical(n1)) expect(week).toBeGreaterThan(32);
    for (const week of statistical(n1)) expect(week).toBeLessThan(46);
  });

  it('follows a like-item set in the app in the next run', async () => {
    const before = statistical(await series('N1', 'S1'))[0];
    const denied = await call(system.gatewayUrl, 'PUT', '/api/catalog/products/N1/lifecycle', { token: analyst.accessToken, body: { likeSku: 'N1' } });
    expect(denied.status).toBe(400);
    expect(JSON.stringify(denied.body)).toContain('likeSku must name another product');
    const set = await call<ProductView>(system.gatewayUrl, 'PUT', '/api/catalog/product-lifecycles/N1', { token: analyst.accessToken, body: { likeSku: 'P2' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ sku: 'N1', likeSku: 'P2', likeFrom: weekOf(WEEKS - 4) });
    const started = await call<RunView>(system.gatewayUrl, 'POST', '/api/forecast/runs', { token: analyst.accessToken, body: {} });
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.id === started.body.id);
    const n1 = await series('N1', 'S1');
    expect(n1.lifecycle).toMatchObject({ reference: 'like-item P2' });
    expect(statistical(n1)[0]).toBeGreaterThan(before + 10);
  });

  it('stops a discontinued product at its end and moves its demand to the successor', async () => {
    const d1 = statistical(await series('D1', 'S1'));
    // The origin is week 59; weeks 60-62 are before the end (week 63).
    expect(d1.slice(0, 3).every((w) => w > 20)).toBe(true);
    expect(d1.slice(3).every((w) => w === 0)).toBe(true);
    const d2 = await series('D2', 'S1');
    expect(d2.lifecycle).toMatchObject({ successorOf: 'D1' });
    expect(statistical(d2).slice(0, 3)).toEqual([0, 0, 0]);
    for (const week of statistical(d2).slice(3)) expect(week).toBeGreaterThan(20);
  });

  it('forecasts a product still to launch in its like-item stores, from its launch week on', async () => {
    const l1 = await series('L1', 'S1');
    expect(l1.lifecycle).toMatchObject({ reference: 'like-item P1', weight: 0, activeFrom: 2 });
    expect(statistical(l1).slice(0, 2)).toEqual([0, 0]);
    for (const week of statistical(l1).slice(2)) expect(week).toBeGreaterThan(40);
  });

  it('gives a closing store no forecast from its closing on', async () => {
    const p1 = await series('P1', 'S3');
    expect(p1.lifecycle).toMatchObject({ activeTo: 2 });
    expect(statistical(p1).slice(0, 2).every((w) => w > 40)).toBe(true);
    expect(statistical(p1).slice(2).every((w) => w === 0)).toBe(true);
  });

  it('reports the accuracy of new items apart from the established ones', async () => {
    const week = weekOf(WEEKS);
    const actuals = ['week,store,sku,units', `${week},S1,P1,50`, `${week},S1,P2,100`, `${week},S1,N1,30`, `${week},S1,D1,30`, `${week},S3,P1,50`].join('\n');
    expect(await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', actuals)).toMatchObject({ status: 'completed' });
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.trigger === 'upload' && r.asOf === week);
    const rows = await call<AccuracyRow[]>(system.gatewayUrl, 'GET', '/api/forecast/accuracy?by=lifecycle&lag=1', { token: analyst.accessToken });
    // N1 had 4 weeks of history at the origin, so its week 5 is new; D2 (before its start) and L1 in
    // S1 and S3 (before its launch) had none and sold nothing, as forecast.
    expect(rows.body.map((r) => [r.key, r.points])).toEqual([
      ['established', 4],
      ['new (first 13 weeks)', 4],
    ]);
  });
});

