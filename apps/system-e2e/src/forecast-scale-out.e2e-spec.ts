import type { Page, RunView, SessionView, UploadView } from '@tideline/contracts';
import { call, login } from './support/http';
import { TestSystem } from './support/test-system';
import { AddressInfo, createServer } from 'node:net';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = 86_400_000;
const FIRST_WEEK = Date.UTC(2024, 0, 1);
const WEEKS = 104;
const PRODUCTS = 200;
const STORES = 10;
const SERIES = PRODUCTS * STORES;

/** A port free now (the system binds it a moment later). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

describe('forecast runs shared by two forecast-service instances', () => {
  let system: TestSystem;
  let data: SessionView;
  let analyst: SessionView;
  let probesPort: number;

  async function upload(route: string, csv: string): Promise<UploadView> {
    const res = await fetch(`${system.gatewayUrl}/api${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${data.accessToken}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const { id } = (await res.json()) as { id: string };
    for (;;) {
      const answer = await call<UploadView>(system.gatewayUrl, 'GET', `/api${route}/${id}`, { token: data.accessToken });
      if (answer.body.status === 'completed' || answer.body.status === 'failed') return answer.body;
      await sleep(250);
    }
  }

  const runs = async () => (await call<Page<RunView>>(system.gatewayUrl, 'GET', '/api/forecast/runs', { token: analyst.accessToken })).body.items;

  beforeAll(async () => {
    system = await TestSystem.start();
    // The second instance answers an orchestrator's probes too, as in a Deployment (HEALTH_PORT).
    probesPort = await freePort();
    system.env['HEALTH_PORT'] = String(probesPort);
    system.startService('forecast-service', '2');
    delete system.env['HEALTH_PORT'];
    [data, analyst] = await Promise.all(['data@tideline.local', 'analyst@tideline.local'].map((e) => login(system.gatewayUrl, e, system.env['DEMO_PASSWORD'])));
    const products = ['sku,name,department,category,subcategory,brand,unit_price'];
    for (let p = 0; p < PRODUCTS; p++) products.push(`P${p},Product ${p},Dept,Cat${p % 5},Sub,Brand,1.00`);
    const stores = ['store,name,region,cluster,opened_on,closed_on'];
    for (let s = 0; s < STORES; s++) stores.push(`S${s},Store ${s},R${s % 2},C,2020-01-01,`);
    expect((await upload('/catalog/products/uploads', products.join('\n'))).rowsAccepted).toBe(PRODUCTS);
    expect((await upload('/catalog/stores/uploads', stores.join('\n'))).rowsAccepted).toBe(STORES);
  });
  afterAll(() => system?.stop());

  it('answers the probes of an orchestrator on HEALTH_PORT once it takes messages', async () => {
    await system.serviceReady('forecast-service#2');
    const probe = async (route: string) => {
      const res = await fetch(`http://127.0.0.1:${probesPort}${route}`);
      return { status: res.status, body: await res.json() };
    };
    expect(await probe('/health/live')).toEqual({ status: 200, body: { service: 'forecast', status: 'up' } });
    expect(await probe('/health/ready')).toMatchObject({ status: 200, body: { service: 'forecast', status: 'up', checks: { database: { status: 'up' } } } });
    expect((await probe('/elsewhere')).status).toBe(404);
  });

  it('loses and duplicates no series when an instance is killed mid-run: its chunks are redone by the other', async () => {
    const rows = ['week,store,sku,units'];
    for (let w = 0; w < WEEKS; w++) {
      const week = new Date(FIRST_WEEK + w * 7 * DAY).toISOString().slice(0, 10);
      for (let p = 0; p < PRODUCTS; p++) for (let s = 0; s < STORES; s++) rows.push(`${week},S${s},P${p},${(p * 7 + s * 3 + w * 11) % 23}`);
    }
    expect((await upload('/sales/uploads', rows.join('\n'))).rowsAccepted).toBe(WEEKS * SERIES);

    // Both instances take chunks; once the run is under way, one of them dies without a word.
    let run: RunView | undefined;
    while (!run || run.seriesDone < SERIES / 5) {
      await sleep(100);
      run = (await runs()).find((r) => r.trigger === 'upload');
      if (run?.status === 'completed') throw new Error('the run finished before the kill: make it larger');
    }
    await system.killService('forecast-service#2');
    const killedAt = run.seriesDone;

    const { id } = run;
    const deadline = Date.now() + 120_000;
    while (run?.status !== 'completed') {
      if (Date.now() > deadline) throw new Error(`run stuck: ${JSON.stringify(run)}`);
      await sleep(250);
      run = (await runs()).find((r) => r.id === id);
    }
    expect(run).toMatchObject({ seriesTotal: SERIES, seriesDone: SERIES, chunksDone: run.chunksTotal });
    expect(killedAt).toBeLessThan(SERIES);

    const db = await system.database('planning');
    try {
      const counts = await db.query(
        `SELECT (SELECT count(*)::int FROM forecast.run_series WHERE run_id = $1) AS series,
                (SELECT count(*)::int FROM forecast.forecasts WHERE run_id = $1) AS weeks,
                (SELECT count(*)::int FROM forecast.run_chunks WHERE run_id = $1 AND done_at IS NULL) AS open_chunks,
                (SELECT count(*)::int FROM forecast.series WHERE run_id = $1) AS current`,
        [run.id],
      );
      expect(counts.rows[0]).toEqual({ series: SERIES, weeks: SERIES * 13, open_chunks: 0, current: SERIES });
    } finally {
      await db.end();
    }
    // Both instances did part of the work.
    const handled = (log: string) => (log.match(/forecast\.chunks\.compute handled/g) ?? []).length;
    expect(handled(system.log('forecast-service'))).toBeGreaterThan(0);
    expect(handled(system.log('forecast-service#2'))).toBeGreaterThan(0);
  });
});
