import fs from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page, PlanView, RunView, SessionView, UploadView } from '@tideline/contracts';
import { seedDemoChain, uploadCsv, waitForRun, waitForUpload } from '@tideline/demo-chain';
import { call, login } from './support/http';
import { sleep } from './support/small-chain';
import { TestSystem } from './support/test-system';

const run = promisify(execFile);
const RABBITMQCTL = process.env['RABBITMQCTL'] ?? 'rabbitmqctl';
/** The local PostgreSQL cluster, restarted the way the machine starts it. */
const PG_VERSION = process.env['PG_VERSION'] ?? fs.readdirSync('/etc/postgresql')[0];
/** About 1,000 series: a run long enough to break in the middle. */
const CHAIN = { stores: 10, products: 100 };

/**
 * Faults in the middle of the busiest work, counted afterwards: a forecast service killed or
 * stopped during a run, the broker restarted during a run and an upload, the planning service
 * killed or stopped with a spread in flight, PostgreSQL restarted and the sales service stopped
 * during an upload. Every accepted piece of work completes exactly once, or ends clearly without a
 * trace. All of it twice: with one process of every service, and with two of each side by side
 * (the fault then hits the first of the two, and the other must neither lose nor repeat its work).
 */
describe.each([1, 2])('faults in the middle of work, %i instance(s) of every service (real processes, broker and database)', (instances) => {
  let system: TestSystem;
  let analyst: SessionView;
  let manager: SessionView;
  let data: SessionView;
  const api = <T>(session: SessionView, method: string, route: string, body?: unknown) => call<T>(system.gatewayUrl, method, `/api${route}`, { token: session.accessToken, body });

  async function startRun(): Promise<RunView> {
    const started = await api<RunView>(analyst, 'POST', '/forecast/runs', {});
    expect(started.status).toBe(202);
    // Wait until the run is under way: some series done, most not.
    for (let i = 0; i < 400; i++) {
      const now = (await api<RunView>(analyst, 'GET', `/forecast/runs/${started.body.id}`)).body;
      if (now.seriesDone > 0) {
        expect(now.seriesDone).toBeLessThan(now.seriesTotal);
        return now;
      }
      await sleep(50);
    }
    throw new Error('the run did not start');
  }

  /** Every series of the run stored exactly once, with every week of its horizon. */
  async function expectEachSeriesOnce(runView: RunView) {
    const db = await system.database('planning');
    try {
      const [series] = (await db.query(`SELECT count(*)::int AS n, count(DISTINCT (sku, store))::int AS distinct_n FROM forecast.run_series WHERE run_id = $1`, [runView.id])).rows;
      const [weeks] = (await db.query(`SELECT count(*)::int AS n FROM forecast.forecasts WHERE run_id = $1`, [runView.id])).rows;
      expect({ series: series.n, distinct: series.distinct_n, weeks: weeks.n }).toEqual({
        series: runView.seriesTotal,
        distinct: runView.seriesTotal,
        weeks: runView.seriesTotal * runView.horizon,
      });
    } finally {
      await db.end();
    }
  }

  /** Twelve new weeks (from `firstWeek`) for every store × product: 12,000 rows no earlier upload holds. */
  async function uploadNewWeeks(firstWeek: number): Promise<{ id: string; weeks: string[] }> {
    const weeks = Array.from({ length: 12 }, (_, i) => new Date(firstWeek + i * 7 * 86_400_000).toISOString().slice(0, 10));
    const lines = ['week,store,sku,units'];
    for (const week of weeks) for (let s = 1; s <= CHAIN.stores; s++) for (let p = 1; p <= CHAIN.products; p++) lines.push(`${week},ST${String(s).padStart(3, '0')},SKU-${String(p).padStart(5, '0')},${(s + p) % 9}`);
    const { id } = await uploadCsv(system.gatewayUrl, data.accessToken, [lines.join('\n')]);
    return { id, weeks };
  }

  /** A completed upload starts exactly one forecast run, however many sales and forecast instances saw its event. */
  async function expectOneRunFor(uploadId: string) {
    await waitForRun(system.gatewayUrl, analyst.accessToken, (r) => r.scope.uploadId === uploadId, () => undefined, 180_000);
    const runs = (await api<Page<RunView>>(analyst, 'GET', '/forecast/runs?pageSize=100')).body.items;
    expect(runs.filter((r) => r.scope.uploadId === uploadId)).toHaveLength(1);
  }

  /** The upload ends whole (every row stored once, one forecast run) or failed with its reason and no row kept. */
  async function expectWholeOrNothing(id: string, weeks: string[]) {
    const lastWeek = weeks[weeks.length - 1];
    const upload = await waitForUpload(system.gatewayUrl, data.accessToken, id);
    const db = await system.database('planning');
    try {
      const [stored] = (await db.query(`SELECT count(*)::int AS n FROM sales.facts WHERE week BETWEEN $1 AND $2`, [weeks[0], lastWeek])).rows;
      seen(`upload ${upload.status}, ${stored.n} rows stored${upload.error ? ` (${upload.error})` : ''}`);
      if (upload.status === 'completed') {
        expect(upload.rowsAccepted).toBe(weeks.length * CHAIN.stores * CHAIN.products);
        expect(stored.n).toBe(upload.rowsAccepted);
        await expectOneRunFor(id);
      } else {
        expect(upload.error).toEqual(expect.any(String));
        expect(stored.n).toBe(0);
      }
    } finally {
      await db.end();
    }
  }

  /** A forecast run that `fault` hits once it is under way: it must still complete, every series stored exactly once. */
  async function runCompletesAfter(fault: (running: RunView) => Promise<void>, timeoutMs: number) {
    const running = await startRun();
    await fault(running);
    const done = await waitForRun(system.gatewayUrl, analyst.accessToken, (r) => r.id === running.id, () => undefined, timeoutMs);
    expect(done.status).toBe('completed');
    await expectEachSeriesOnce(done as unknown as RunView);
  }

  /** A spread sent to the planning service, which `fault` then hits while the spread is in flight. */
  async function spreadDuring(fault: () => Promise<void>) {
    const created = await api<PlanView>(manager, 'POST', '/planning/plans', { name: `Faults ${Date.now()}`, from: '2026-11-30', to: '2027-02-15' });
    expect(created.status).toBe(201);
    const before = created.body;
    const sent = Date.now();
    let repliedAfter: number | undefined;
    const reply = api(manager, 'POST', `/planning/plans/${before.id}/spread`, { version: before.version, growthPercent: 10 });
    void reply.then(() => (repliedAfter = Date.now() - sent));
    await sleep(20);
    const faultAfter = Date.now() - sent;
    await fault();
    await restart('planning-service');
    const answer = await reply;

    const db = await system.database('planning');
    try {
      const plan = (await api<PlanView>(manager, 'GET', `/planning/plans/${before.id}`)).body;
      const [cells] = (await db.query(`SELECT sum(plan)::float8 AS total FROM planning.budget_cells WHERE plan_id = $1`, [before.id])).rows;
      const [spreads] = (await db.query(`SELECT count(*)::int AS n FROM planning.audit WHERE plan_id = $1 AND what = 'spread'`, [before.id])).rows;
      seen(`the fault came ${faultAfter} ms after the request, ${repliedAfter === undefined || repliedAfter > faultAfter ? 'before' : 'after'} the reply; the caller got ${answer.status} after ${repliedAfter} ms; the spread was applied ${spreads.n} time(s)`);
      expect([0, 1]).toContain(spreads.n);
      expect(cells.total).toBe(plan.planUnits);
      if (spreads.n === 1) expect(Math.abs(plan.planUnits - before.planUnits * 1.1)).toBeLessThanOrEqual(1);
      else expect(plan.planUnits).toBe(before.planUnits);
      // The caller was told: 200 when the reply made it, 503 when the service died first.
      expect([200, 503]).toContain(answer.status);
      if (answer.status === 200) expect(spreads.n).toBe(1);
    } finally {
      await db.end();
    }
  }

  /** Starts the service again and waits until it takes messages, so the next fault never hits a process still starting. */
  async function restart(name: string) {
    system.startService(name);
    await system.serviceReady(name);
  }

  /** Which of the allowed outcomes happened, for RELIABILITY.md. */
  const seen = (what: string) => console.info(`[${instances} instance(s)] ${expect.getState().currentTestName?.split('database) ').pop()}: ${what}`);

  beforeAll(async () => {
    system = await TestSystem.start({ instances });
    const password = system.env['DEMO_PASSWORD'];
    const lastUpload = await seedDemoChain(system.gatewayUrl, { email: 'admin@tideline.local', password }, () => undefined, CHAIN);
    [analyst, manager, data] = await Promise.all(['analyst', 'manager', 'data'].map((who) => login(system.gatewayUrl, `${who}@tideline.local`, password)));
    await waitForRun(system.gatewayUrl, analyst.accessToken, (r) => r.scope.uploadId === lastUpload, () => undefined, 120_000);
  }, 300_000);
  afterAll(() => system?.stop());

  it('a forecast service SIGKILLed mid-run: after restart the run completes, every series forecast exactly once', async () => {
    await runCompletesAfter(async (running) => {
      await system.killService('forecast-service');
      const during = (await api<RunView>(analyst, 'GET', `/forecast/runs/${running.id}`)).status;
      // Alone, the service is simply away; with a second instance, that one answers.
      expect(during).toBe(instances === 1 ? 503 : 200);
      await restart('forecast-service');
    }, 120_000);
  });

  it('a forecast service stopped (SIGTERM) mid-run: it exits cleanly, and the run completes with every series exactly once', async () => {
    await runCompletesAfter(async () => {
      expect(await system.stopService('forecast-service')).toBe(0);
      await restart('forecast-service');
    }, 120_000);
  });

  it('RabbitMQ restarted mid-run: everyone reconnects and the run completes, every series exactly once', async () => {
    await runCompletesAfter(async () => {
      await run(RABBITMQCTL, ['stop_app']);
      try {
        expect((await call(system.gatewayUrl, 'GET', '/api/health')).status).toBe(503);
      } finally {
        await run(RABBITMQCTL, ['start_app']);
      }
    }, 180_000);
  });

  it('the planning service SIGKILLed with a spread in flight: the spread is applied once or not at all, never twice or in part', async () => {
    await spreadDuring(() => system.killService('planning-service'));
  });

  it('the planning service stopped (SIGTERM) with a spread in flight: it exits cleanly, and the spread is applied once or not at all', async () => {
    await spreadDuring(async () => expect(await system.stopService('planning-service')).toBe(0));
  });

  it('PostgreSQL restarted mid-upload: the upload ends whole or fails clearly, and the gateway answers while the database is away', async () => {
    const { id, weeks } = await uploadNewWeeks(Date.UTC(2026, 10, 23));

    const restart = run('pg_ctlcluster', ['--skip-systemctl-redirect', PG_VERSION, 'main', 'restart']);
    await sleep(300);
    const started = Date.now();
    const during = await call(system.gatewayUrl, 'GET', `/api/sales/uploads/${id}`, { token: data.accessToken });
    expect(Date.now() - started).toBeLessThan(35_000); // an answer, not a hang
    expect([200, 404, 503]).toContain(during.status);
    await restart;

    await expectWholeOrNothing(id, weeks);
  }, 200_000);

  it('PostgreSQL stopped for 30 s mid-upload: once it is back the upload completes, every row once', async () => {
    const { id, weeks } = await uploadNewWeeks(Date.UTC(2027, 7, 2));
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', PG_VERSION, 'main', 'stop']);
    try {
      // A database failover's length: the chunks' retries (1, 4, 16, 60 s) outlast it.
      await sleep(30_000);
    } finally {
      await run('pg_ctlcluster', ['--skip-systemctl-redirect', PG_VERSION, 'main', 'start']);
    }
    await expectWholeOrNothing(id, weeks);
    const upload = (await call<UploadView>(system.gatewayUrl, 'GET', `/api/sales/uploads/${id}`, { token: data.accessToken })).body;
    expect(upload.status).toBe('completed');
  }, 300_000);

  it('the sales service stopped (SIGTERM) mid-upload: it finishes or gives back its messages, and the upload ends whole after restart', async () => {
    const { id, weeks } = await uploadNewWeeks(Date.UTC(2027, 4, 10));
    const code = await system.stopService('sales-service');
    expect(code).toBe(0);
    await restart('sales-service');
    await expectWholeOrNothing(id, weeks);
    const upload = (await call<UploadView>(system.gatewayUrl, 'GET', `/api/sales/uploads/${id}`, { token: data.accessToken })).body;
    // A clean stop loses nothing: the upload must not merely fail, it must complete.
    expect(upload.status).toBe('completed');
  }, 200_000);

  it('RabbitMQ restarted mid-upload: the upload ends whole or fails clearly', async () => {
    const { id, weeks } = await uploadNewWeeks(Date.UTC(2027, 1, 15));
    await run(RABBITMQCTL, ['stop_app']);
    await sleep(1000);
    await run(RABBITMQCTL, ['start_app']);
    await expectWholeOrNothing(id, weeks);
  }, 200_000);
});
