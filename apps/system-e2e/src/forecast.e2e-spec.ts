import type { AccuracyRow, ForecastSeriesView, OverrideView, Page, RunView, SeriesListItem, SessionView } from '@tideline/contracts';
import { EventTap } from './support/event-tap';
import { call, login } from './support/http';
import { PRODUCTS, SERIES, STORES, WEEKS, runFinished as waitForRun, salesCsv, sleep, units, uploadCsv as uploadAs, weekOf } from './support/small-chain';
import { TestSystem } from './support/test-system';

// Once with one process of every service, once with two of each side by side.
describe.each([1, 2])('forecast service: runs, series, aggregates, overrides, accuracy, %i instance(s) of every service (real broker, database, processes)', (instances) => {
  let system: TestSystem;
  let data: SessionView;
  let analyst: SessionView;
  let manager: SessionView;
  const api = <T = unknown>(method: string, route: string, body?: unknown, token = analyst.accessToken) =>
    call<T>(system.gatewayUrl, method, `/api${route}`, { token, body });

  const uploadCsv = (route: string, csv: string) => uploadAs(system.gatewayUrl, data.accessToken, route, csv);
  const runFinished = (find: (run: RunView) => boolean) => waitForRun(system.gatewayUrl, analyst.accessToken, find);
  const series = (query: string) => api<ForecastSeriesView>('GET', `/forecast/series?${query}`);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  /** Each week of an aggregate read against the sum of its series' own reads (kept aggregates must add up). */
  const expectSumOfSeries = async (query: string, keys: Array<{ sku: string; store: string }>) => {
    const [aggregate, ...singles] = await Promise.all([series(query), ...keys.map((k) => series(`sku=${k.sku}&store=${k.store}`))]);
    expect(aggregate.body.series).toBe(keys.length);
    expect(aggregate.body.forecast).toHaveLength(singles[0].body.forecast.length);
    aggregate.body.forecast.forEach((week, h) => {
      for (const field of ['statistical', 'final', 'baseline'] as const) expect(week[field]).toBeCloseTo(sum(singles.map((s) => s.body.forecast[h][field])), 2);
    });
  };
  const of = (sku: string[], store: string[]) => SERIES.filter((k) => sku.includes(k.sku) && store.includes(k.store));
  /** Every kept level of the small chain against its series. */
  const expectEveryLevelAddsUp = async () => {
    await expectSumOfSeries('', SERIES);
    await expectSumOfSeries('department=Food', of(['P1', 'P2'], ['S1', 'S2']));
    await expectSumOfSeries('category=Dairy&region=North', of(['P1', 'P2'], ['S1']));
    await expectSumOfSeries('subcategory=Cola&cluster=Rural', of(['P3'], ['S2']));
    await expectSumOfSeries('sku=P1', of(['P1'], ['S1', 'S2']));
    await expectSumOfSeries('store=S2&category=Soda', of(['P3', 'P4'], ['S2']));
  };

  beforeAll(async () => {
    system = await TestSystem.start({ instances });
    const password = system.env['DEMO_PASSWORD'];
    [data, analyst, manager] = await Promise.all(
      ['data@tideline.local', 'analyst@tideline.local', 'manager@tideline.local'].map((email) => login(system.gatewayUrl, email, password)),
    );
    expect((await uploadCsv('/catalog/products/uploads', PRODUCTS)).rowsAccepted).toBe(4);
    expect((await uploadCsv('/catalog/stores/uploads', STORES)).rowsAccepted).toBe(2);
  });
  afterAll(() => system?.stop());

  it('forecasts every series an upload touched, announces the run, and stores model, intervals and history', async () => {
    const tap = await EventTap.open(system.env['RABBITMQ_URL'], 'forecast.run.completed');
    const upload = await uploadCsv('/sales/uploads', salesCsv(Array.from({ length: WEEKS }, (_, w) => w)));
    expect(upload).toMatchObject({ status: 'completed', rowsAccepted: WEEKS * 8 });
    const run = await runFinished((r) => r.trigger === 'upload');
    expect(run).toMatchObject({ status: 'completed', seriesTotal: 8, seriesDone: 8, chunksDone: run.chunksTotal, asOf: weekOf(WEEKS - 1), horizon: 13 });
    expect((await tap.next((e) => (e.data as { runId: string }).runId === run.id)).data).toEqual({
      runId: run.id,
      trigger: 'upload',
      asOf: weekOf(WEEKS - 1),
      horizon: 13,
      seriesTotal: 8,
    });
    await tap.close();

    const one = await series('sku=P2&store=S1');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ series: 1, asOf: weekOf(WEEKS - 1), pattern: 'smooth' });
    expect(one.body.model).toEqual(expect.any(String));
    expect(one.body.history).toHaveLength(WEEKS);
    expect(one.body.history[5]).toEqual({ week: weekOf(5), units: units(2, 5) });
    expect(one.body.forecast.map((f) => f.week)).toEqual(Array.from({ length: 13 }, (_, h) => weekOf(WEEKS + h)));
    const sold = one.body.history.map((h) => h.units);
    for (const f of one.body.forecast) {
      expect(f.final).toBe(f.statistical);
      expect(f.lo95).toBeLessThanOrEqual(f.lo80);
      expect(f.lo80).toBeLessThanOrEqual(f.statistical);
      expect(f.statistical).toBeLessThanOrEqual(f.hi80);
      expect(f.hi80).toBeLessThanOrEqual(f.hi95);
      expect(f.statistical).toBeGreaterThan(0.8 * Math.min(...sold)); // within what the series has sold, give or take
      expect(f.statistical).toBeLessThan(1.2 * Math.max(...sold));
    }
    const intermittent = await series('sku=P4&store=S2');
    expect(['intermittent', 'lumpy']).toContain(intermittent.body.pattern);
    expect(intermittent.body.forecast.every((f) => f.lo80 === 0 && f.statistical >= 0)).toBe(true);
  });

  it('sums aggregates from the series so every level adds up, with history from the sales totals', async () => {
    const all = await Promise.all(SERIES.map((s) => series(`sku=${s.sku}&store=${s.store}`)));
    const dairy = await series('category=Dairy');
    expect(dairy.body).toMatchObject({ model: 'aggregate of 4 series', series: 4 });
    dairy.body.forecast.forEach((week, h) => {
      expect(week.statistical).toBeCloseTo(sum(all.slice(0, 4).map((s) => s.body.forecast[h].statistical)), 2);
      expect(week.lo80).toBeLessThanOrEqual(week.statistical);
      expect(week.hi95).toBeGreaterThanOrEqual(week.hi80);
    });
    expect(dairy.body.history[0]).toEqual({ week: weekOf(0), units: sum([0, 1, 2, 3].map((i) => units(i, 0))) });
    const chain = await series('');
    const north = await series('region=North');
    const south = await series('region=South');
    expect(chain.body.series).toBe(8);
    chain.body.forecast.forEach((week, h) => expect(week.statistical).toBeCloseTo(north.body.forecast[h].statistical + south.body.forecast[h].statistical, 2));
    await expectEveryLevelAddsUp();
    expect((await series('category=Nothing')).body).toMatchObject({ statusCode: 404, message: 'No forecast series matches this selection' });
    expect((await series('sku=bad%20code&store=S1')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('sku') });
  });

  it('lists the single series of a selection with pattern and model, hardest first, and filters by demand pattern', async () => {
    const list = (query: string) => api<Page<SeriesListItem>>('GET', `/forecast/series/list?${query}`);
    const all = await list('');
    expect(all.body.total).toBe(8);
    const errors = all.body.items.map((i) => i.backtestError ?? -1);
    expect(errors).toEqual([...errors].sort((a, b) => b - a));
    const p1 = all.body.items.find((i) => i.sku === 'P1' && i.store === 'S1');
    const single = (await series('sku=P1&store=S1')).body;
    expect(p1).toEqual({ sku: 'P1', name: 'Milk', store: 'S1', category: 'Dairy', region: 'North', cluster: 'Urban', pattern: single.pattern, model: single.model, backtestError: single.backtestError });

    // P4 sells in S2 every fifth week only: the one sparse series, alone in its pattern.
    const sparse = all.body.items.find((i) => i.sku === 'P4' && i.store === 'S2');
    expect(['intermittent', 'lumpy']).toContain(sparse?.pattern);
    const byPattern = await list(`pattern=${sparse?.pattern}`);
    expect(byPattern.body.items.map((i) => `${i.sku} @ ${i.store}`)).toEqual(['P4 @ S2']);
    expect((await list('region=North&sort=sku&pageSize=2')).body).toMatchObject({ total: 4, items: [{ sku: 'P1' }, { sku: 'P2' }] });
    expect((await list('pattern=spiky')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('pattern must be one of') });
  });

  it('spreads an aggregate override to its series in proportion, keeps it as a layer, and reverts exactly', async () => {
    const [from, to] = [weekOf(WEEKS), weekOf(WEEKS + 1)];
    const before = await Promise.all(SERIES.slice(0, 4).map((s) => series(`sku=${s.sku}&store=${s.store}`)));
    const created = await api<OverrideView>('POST', '/forecast/overrides', {
      category: 'Dairy',
      from,
      to,
      kind: 'percent',
      amount: 10,
      reason: 'promotion',
      comment: 'Dairy week',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ target: { category: 'Dairy' }, cells: 8, createdBy: 'analyst@tideline.local', revertedAt: null });
    expect(created.body.after).toBeCloseTo(created.body.before * 1.1, 2);

    const after = await Promise.all(SERIES.slice(0, 4).map((s) => series(`sku=${s.sku}&store=${s.store}`)));
    after.forEach((s, i) => {
      expect(s.body.forecast[0].final).toBeCloseTo(before[i].body.forecast[0].statistical * 1.1, 2);
      expect(s.body.forecast[1].final).toBeCloseTo(before[i].body.forecast[1].statistical * 1.1, 2);
      expect(s.body.forecast[2].final).toBe(s.body.forecast[2].statistical);
    });
    const dairy = await series('category=Dairy');
    expect(dairy.body.forecast[0].final).toBeCloseTo(sum(after.map((s) => s.body.forecast[0].final)), 2);

    // A second layer on one series sets a value; the series then says 100 whatever the first layer did.
    const single = await api<OverrideView>('POST', '/forecast/overrides', { sku: 'P1', store: 'S1', from, to: from, kind: 'value', amount: 100, reason: 'event' });
    expect(single.status).toBe(201);
    expect((await series('sku=P1&store=S1')).body.forecast[0].final).toBeCloseTo(100, 3);
    await expectEveryLevelAddsUp();
    const history = await api<Page<OverrideView>>('GET', '/forecast/overrides?sku=P1&store=S1', undefined, manager.accessToken);
    expect(history.body.items.map((o) => o.id)).toEqual([single.body.id, created.body.id]);

    // Only its author or an admin reverts a layer: another analyst may not.
    const admin = await login(system.gatewayUrl, 'admin@tideline.local', system.env['DEMO_PASSWORD']);
    const second = { email: 'analyst2@tideline.local', name: 'Second Analyst', password: 'second-analyst-password', roles: ['forecast_analyst'] };
    expect((await api('POST', '/users', second, admin.accessToken)).status).toBe(201);
    const analyst2 = await login(system.gatewayUrl, second.email, second.password);
    expect((await api('POST', `/forecast/overrides/${single.body.id}/revert`, undefined, analyst2.accessToken)).body).toMatchObject({
      statusCode: 403,
      message: expect.stringContaining('author (analyst@tideline.local)'),
    });

    // Reverting the first layer removes exactly its change; the second stays.
    const reverted = await api<OverrideView>('POST', `/forecast/overrides/${created.body.id}/revert`);
    expect(reverted.body).toMatchObject({ revertedBy: 'analyst@tideline.local' });
    const p1 = (await series('sku=P1&store=S1')).body.forecast[0];
    expect(p1.final).toBeCloseTo(100 - (before[0].body.forecast[0].statistical * 1.1 - before[0].body.forecast[0].statistical), 2);
    await expectEveryLevelAddsUp();
    const p2 = (await series('sku=P2&store=S1')).body.forecast[0];
    expect(p2.final).toBeCloseTo(p2.statistical, 6);
    expect((await api('POST', `/forecast/overrides/${created.body.id}/revert`)).body).toMatchObject({ statusCode: 409 });
    await api('POST', `/forecast/overrides/${single.body.id}/revert`);
    expect((await series('sku=P1&store=S1')).body.forecast[0].final).toBeCloseTo(before[0].body.forecast[0].statistical, 6);
  });

  it('refuses bad overrides and runs with a message naming the field, and enforces the roles', async () => {
    const week = weekOf(WEEKS);
    const base = { sku: 'P1', store: 'S1', from: week, to: week, kind: 'delta', reason: 'correction' };
    expect((await api('POST', '/forecast/overrides', { ...base, amount: -100000 })).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('negative'),
    });
    expect((await api('POST', '/forecast/overrides', { ...base, kind: 'double', amount: 1 })).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('kind') });
    expect((await api('POST', '/forecast/overrides', { ...base, from: weekOf(WEEKS) .replace(/-\d\d$/, '-01'), amount: 1 })).status).toBe(400);
    expect((await api('POST', '/forecast/overrides', { ...base, from: weekOf(WEEKS + 40), to: weekOf(WEEKS + 40), amount: 1 })).status).toBe(404);
    expect((await api('POST', '/forecast/runs', { horizon: 60 })).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('horizon') });
    expect((await api('POST', '/forecast/overrides', { ...base, amount: 1 }, manager.accessToken)).status).toBe(403);
    expect((await api('POST', '/forecast/runs', {}, manager.accessToken)).status).toBe(403);
    expect((await api('GET', '/forecast/series?sku=P1&store=S1', undefined, manager.accessToken)).status).toBe(200);
    expect((await api('GET', '/forecast/series?sku=P1&store=S1', undefined, data.accessToken)).status).toBe(403);
    expect((await api('GET', '/forecast/runs/not-a-uuid')).status).toBe(400);
  });

  it('applies a retried override once: the same Idempotency-Key answers with the first layer; with another body, 422', async () => {
    const week = weekOf(WEEKS + 2);
    const body = { sku: 'P2', store: 'S2', from: week, to: week, kind: 'percent', amount: 10, reason: 'correction' };
    const send = (payload: unknown, key: string, token = analyst.accessToken) =>
      call<OverrideView>(system.gatewayUrl, 'POST', '/api/forecast/overrides', { token, body: payload, headers: { 'idempotency-key': key } });
    const before = (await series('sku=P2&store=S2')).body.forecast[2].final;
    const first = await send(body, 'retry-1');
    const again = await send(body, 'retry-1');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect((await series('sku=P2&store=S2')).body.forecast[2].final).toBeCloseTo(before * 1.1, 2); // 10% once, not 21%
    const layers = await api<Page<OverrideView>>('GET', '/forecast/overrides?sku=P2&store=S2');
    expect(layers.body.items.filter((o) => o.createdAt === first.body.createdAt)).toHaveLength(1);
    expect((await send({ ...body, amount: 20 }, 'retry-1')).body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY.KEY_REUSED' });
    expect((await send(body, ' ')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('Idempotency-Key') });
    // Keys belong to their user: the admin's retry-1 is a request of its own.
    const admin = await login(system.gatewayUrl, 'admin@tideline.local', system.env['DEMO_PASSWORD']);
    const adminLayer = await send(body, 'retry-1', admin.accessToken);
    expect(adminLayer.status).toBe(201);
    expect(adminLayer.body.id).not.toBe(first.body.id);
    for (const id of [first.body.id, adminLayer.body.id]) expect((await api('POST', `/forecast/overrides/${id}/revert`, undefined, admin.accessToken)).status).toBe(200);
    expect((await series('sku=P2&store=S2')).body.forecast[2].final).toBeCloseTo(before, 2);
  });

  it('runs a scope by hand, carries active overrides into the new forecast, and tracks accuracy when actuals arrive', async () => {
    const week = weekOf(WEEKS);
    const layer = await api<OverrideView>('POST', '/forecast/overrides', { sku: 'P3', store: 'S2', from: week, to: week, kind: 'delta', amount: 5, reason: 'event' });
    expect(layer.status).toBe(201);
    const started = await api<RunView>('POST', '/forecast/runs', { region: 'South', horizon: 4 });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', trigger: 'manual', scope: { region: 'South' }, horizon: 4, requestedBy: 'analyst@tideline.local' });
    const run = await runFinished((r) => r.id === started.body.id);
    expect(run).toMatchObject({ status: 'completed', seriesTotal: 4 });
    const p3 = (await series('sku=P3&store=S2')).body;
    expect(p3.forecast).toHaveLength(4);
    expect(p3.forecast[0].final).toBeCloseTo(p3.forecast[0].statistical + 5, 6);
    expect((await series('sku=P3&store=S1')).body.forecast).toHaveLength(13); // North kept its 13-week forecast

    // The actuals of the first forecast week arrive: lag 1 is measured against the forecasts as they stood.
    const forecasts = await Promise.all(SERIES.map((s) => series(`sku=${s.sku}&store=${s.store}`)));
    const actual = (i: number) => units(i, WEEKS) + (i === 0 ? 20 : 0);
    // The first two series were on promotion that week.
    const promoted = (i: number) => i < 2;
    const actualsCsv = ['week,store,sku,units,promo', ...SERIES.map((s, i) => `${weekOf(WEEKS)},${s.store},${s.sku},${actual(i)},${promoted(i) ? 1 : 0}`)].join('\n');
    const upload = await uploadCsv('/sales/uploads', actualsCsv);
    expect(upload.status).toBe('completed');
    await runFinished((r) => r.trigger === 'upload' && r.asOf === weekOf(WEEKS));
    const rows = await api<AccuracyRow[]>('GET', '/forecast/accuracy?by=chain&lag=1');
    expect(rows.status).toBe(200);
    const statistical = forecasts.map((s) => s.body.forecast[0].statistical);
    const final = forecasts.map((s) => s.body.forecast[0].final);
    const actuals = SERIES.map((_, i) => actual(i));
    const wape = (f: number[]) => (100 * sum(f.map((v, i) => Math.abs(v - actuals[i])))) / sum(actuals);
    const bias = (f: number[]) => (100 * sum(f.map((v, i) => v - actuals[i]))) / sum(actuals);
    expect(rows.body).toHaveLength(1);
    expect(rows.body[0]).toMatchObject({ key: 'chain', lag: 1, points: 8, actual: sum(actuals) });
    expect(rows.body[0].statistical.wape).toBeCloseTo(wape(statistical), 1);
    expect(rows.body[0].statistical.bias).toBeCloseTo(bias(statistical), 1);
    expect(rows.body[0].final.wape).toBeCloseTo(wape(final), 1);
    expect(rows.body[0].valueAdded.finalOverStatistical).toBeCloseTo(wape(statistical) - wape(final), 1);
    const byAnalyst = await api<AccuracyRow[]>('GET', '/forecast/accuracy?by=analyst&lag=1');
    expect(byAnalyst.body.map((r) => [r.key, r.points])).toEqual([
      ['(not overridden)', 7],
      ['analyst@tideline.local', 1],
    ]);
    const bySeries = await api<AccuracyRow[]>('GET', '/forecast/accuracy?by=series&lag=1');
    expect(bySeries.body.map((r) => r.key)).toEqual(SERIES.map((s) => `${s.sku} @ ${s.store}`).sort());
    const p1 = bySeries.body.find((r) => r.key === 'P1 @ S1');
    expect(p1?.statistical.wape).toBeCloseTo((100 * Math.abs(statistical[0] - actuals[0])) / actuals[0], 1);
    // Promoted weeks against the others, each with its own WAPE and bias.
    const byPromotion = await api<AccuracyRow[]>('GET', '/forecast/accuracy?by=promotion&lag=1');
    expect(byPromotion.body.map((r) => [r.key, r.points])).toEqual([
      ['not promoted', 6],
      ['promoted', 2],
    ]);
    const only = (keep: (i: number) => boolean) => (f: number[]) => f.filter((_, i) => keep(i));
    const promotedWape = (100 * sum(only(promoted)(statistical).map((v, i) => Math.abs(v - actuals[i])))) / sum(only(promoted)(actuals));
    const promotedBias = (100 * sum(only(promoted)(statistical).map((v, i) => v - actuals[i]))) / sum(only(promoted)(actuals));
    expect(byPromotion.body[1].statistical.wape).toBeCloseTo(promotedWape, 1);
    expect(byPromotion.body[1].statistical.bias).toBeCloseTo(promotedBias, 1);
    // The explorer's series marks the promoted week of its history.
    const history = async (i: number) => (await series(`sku=${SERIES[i].sku}&store=${SERIES[i].store}`)).body.history.at(-1);
    expect(await history(0)).toEqual({ week: weekOf(WEEKS), units: actual(0), promoted: true });
    expect(await history(2)).toEqual({ week: weekOf(WEEKS), units: actual(2) });
    expect((await api('GET', '/forecast/accuracy?by=galaxy')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('by must be one of') });

    // The explorer shows those past forecasts next to what happened, for a series and summed for a region.
    expect((await series('sku=P1&store=S1')).body.pastForecasts).toEqual([{ week, statistical: expect.closeTo(statistical[0], 2), final: expect.closeTo(final[0], 2) }]);
    const south = SERIES.flatMap((s, i) => (s.store === 'S2' ? [i] : []));
    expect((await series('region=South')).body.pastForecasts).toEqual([
      { week, statistical: expect.closeTo(sum(south.map((i) => statistical[i])), 2), final: expect.closeTo(sum(south.map((i) => final[i])), 2) },
    ]);
  });

  it('follows a product moved to another category without waiting for a run', async () => {
    expect((await series('category=Soda')).body.series).toBe(4);
    const moved = await api('PATCH', '/catalog/products/P4', { category: 'Juice' }, data.accessToken);
    expect(moved.status).toBe(200);
    const deadline = Date.now() + 15_000;
    while ((await series('category=Soda')).body.series !== 2) {
      if (Date.now() > deadline) throw new Error('the category change never reached the forecast aggregates');
      await sleep(250);
    }
    expect((await series('category=Juice')).body).toMatchObject({ series: 2, model: 'aggregate of 2 series' });
    await expectSumOfSeries('category=Soda', of(['P3'], ['S1', 'S2']));
    await expectSumOfSeries('category=Juice&region=South', of(['P4'], ['S2']));
    await expectSumOfSeries('', SERIES);
  });
});
