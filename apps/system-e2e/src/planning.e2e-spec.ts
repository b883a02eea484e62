import type { AssortmentView, AuditEntry, CalendarView, CellChange, MerchandiseTargetsView, OpenToBuyView, CompareView, ForecastSeriesView, GridView, Page, PlanView, SessionView, SpreadResult, StrategyView } from '@tideline/contracts';
import Papa from 'papaparse';
import { call, login } from './support/http';
import { PRODUCTS, STORES, WEEKS, runFinished, salesCsv, units, uploadCsv, weekOf } from './support/small-chain';
import { TestSystem } from './support/test-system';

// Once with one process of every service, once with two of each side by side.
describe.each([1, 2])('planning service: plans from the forecast, budget spreads, concurrency, approval, %i instance(s) of every service (real broker, database, processes)', (instances) => {
  let system: TestSystem;
  let data: SessionView;
  let manager: SessionView;
  let manager2: SessionView;
  let analyst: SessionView;
  let admin: SessionView;
  let plan: PlanView;
  const api = <T = unknown>(method: string, route: string, body?: unknown, token = manager.accessToken) =>
    call<T>(system.gatewayUrl, method, `/api${route}`, { token, body });
  const grid = async () => (await api<GridView>('GET', `/planning/plans/${plan.id}/cells`)).body;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    system = await TestSystem.start({ instances });
    const password = system.env['DEMO_PASSWORD'];
    [data, manager, manager2, analyst, admin] = await Promise.all(
      ['data@tideline.local', 'manager@tideline.local', 'manager2@tideline.local', 'analyst@tideline.local', 'admin@tideline.local'].map((e) =>
        login(system.gatewayUrl, e, password),
      ),
    );
    await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/products/uploads', PRODUCTS);
    await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/stores/uploads', STORES);
    await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', salesCsv(Array.from({ length: WEEKS }, (_, w) => w)));
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.trigger === 'upload');
  });
  afterAll(() => system?.stop());

  it('creates a plan of categories × clusters × weeks whose baseline is the final forecast', async () => {
    const created = await api<PlanView>('POST', '/planning/plans', { name: 'Spring', from: weekOf(WEEKS), to: weekOf(WEEKS + 12), approver: 'manager2@tideline.local' });
    expect(created.status).toBe(201);
    plan = created.body;
    expect(plan).toMatchObject({ name: 'Spring', owner: 'manager@tideline.local', status: 'draft', version: 1, cells: 2 * 2 * 13 });
    expect((await api<string[]>('GET', `/planning/plans/${plan.id}/categories`, undefined, analyst.accessToken)).body).toEqual(['Dairy', 'Soda']);
    expect((await api('GET', '/planning/plans/00000000-0000-4000-8000-000000000000/categories')).status).toBe(404);
    const cells = (await grid()).cells;
    const dairyUrban = (await api<ForecastSeriesView>('GET', '/forecast/series?category=Dairy&cluster=Urban', undefined, analyst.accessToken)).body;
    const planned = cells.filter((c) => c.category === 'Dairy' && c.cluster === 'Urban');
    expect(planned.map((c) => c.week)).toEqual(dairyUrban.forecast.map((f) => f.week));
    planned.forEach((c, i) => {
      expect(c.forecast).toBeCloseTo(dairyUrban.forecast[i].final, 2);
      expect(c.plan).toBe(Math.round(c.forecast));
      // Last year: the same week 52 weeks earlier of Milk and Cheese in S1 (Urban), series 0 and 2.
      expect(c.lastYear).toBe(units(0, WEEKS + i - 52) + units(2, WEEKS + i - 52));
      expect(c.actual).toBeNull(); // no sales of the plan's weeks yet
      expect(c.remaining).toBe(c.plan);
      // Valued at the forecast's mix of Milk (1.10) and Cheese (2.50).
      expect(c.price).toBeGreaterThan(1.1);
      expect(c.price).toBeLessThan(2.5);
      expect(c.planRevenue).toBeCloseTo(c.plan * c.price, 0);
      // Milk and Cheese both cost 70% of their price.
      expect(c.unitCost).toBeCloseTo(c.price * 0.7, 3);
      expect(c.planMargin).toBeCloseTo(c.plan * c.price * 0.3, 0);
    });
    // The compact form: a row per category × cluster, each other field an array over its weeks, the same cells.
    const compact = (await api<GridView>('GET', `/planning/plans/${plan.id}/cells?format=rows`)).body;
    expect(compact.cells).toEqual([]);
    expect(compact.rows?.map((r) => `${r.category} × ${r.cluster}`)).toEqual(['Dairy × Rural', 'Dairy × Urban', 'Soda × Rural', 'Soda × Urban']);
    const unpacked = (compact.rows ?? []).flatMap(({ category, cluster, ...weekly }) =>
      weekly.week.map((_, i) => ({ category, cluster, ...Object.fromEntries(Object.entries(weekly).map(([field, values]) => [field, values[i]])) })),
    );
    expect(unpacked).toEqual(cells);
    expect((await api('GET', `/planning/plans/${plan.id}/cells?format=table`)).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('format must be cells or rows') });
    const dairy = (await grid()).rollups.find((r) => r.category === 'Dairy' && r.cluster === null);
    expect(dairy?.marginPercent).toBeCloseTo(30, 1);
    expect(plan.lastYearUnits).toBe(sum(cells.map((c) => c.lastYear)));
    expect(plan.planRevenue).toBeCloseTo(sum(cells.map((c) => c.plan * c.price)), 0);
    expect((await api('POST', '/planning/plans', { name: 'x', from: weekOf(WEEKS), to: weekOf(WEEKS + 1) }, analyst.accessToken)).status).toBe(403);
    expect((await api('POST', '/planning/plans', { name: 'x', from: '2026-13-01', to: weekOf(WEEKS) })).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('from') });
  });

  it('spreads a top-down total with a locked cell: the lock holds and the cells add up exactly', async () => {
    const [first] = (await grid()).cells;
    const locked = await api('PATCH', `/planning/plans/${plan.id}/cells`, { category: first.category, cluster: first.cluster, week: first.week, version: first.version, units: 500, locked: true });
    expect(locked.body).toMatchObject({ plan: 500, locked: true, version: first.version + 1 });
    plan = (await api<PlanView>('GET', `/planning/plans/${plan.id}`)).body;
    const spread = await api<SpreadResult>('POST', `/planning/plans/${plan.id}/spread`, { version: plan.version, total: 10_001 });
    expect(spread.status).toBe(200);
    expect(spread.body).toMatchObject({ total: 10_001, plan: { planUnits: 10_001, version: plan.version + 1 } });
    const { cells, rollups } = await grid();
    expect(sum(cells.map((c) => c.plan))).toBe(10_001);
    // Plan against forecast at every level: the whole plan, each category, each cluster, each pair.
    expect(rollups).toHaveLength(1 + 2 + 2 + 4);
    const whole = rollups.find((r) => r.category === null && r.cluster === null);
    expect(whole).toMatchObject({ plan: 10_001 });
    expect(whole?.gap).toBeCloseTo(10_001 - sum(cells.map((c) => c.forecast)), 1);
    const dairy = rollups.find((r) => r.category === 'Dairy' && r.cluster === null);
    expect(dairy?.plan).toBe(sum(cells.filter((c) => c.category === 'Dairy').map((c) => c.plan)));
    expect(cells[0]).toMatchObject({ plan: 500, locked: true });
    // The others follow the forecast's shape.
    const free = cells.slice(1);
    const forecastTotal = sum(free.map((c) => c.forecast));
    free.forEach((c) => expect(Math.abs(c.plan - (9_501 * c.forecast) / forecastTotal)).toBeLessThan(1));

    // Growth on one category only leaves the other alone.
    const soda = sum(cells.filter((c) => c.category === 'Soda').map((c) => c.plan));
    const dairyBefore = cells.filter((c) => c.category === 'Dairy').map((c) => c.plan);
    const grown = await api<SpreadResult>('POST', `/planning/plans/${plan.id}/spread`, { version: spread.body.plan.version, category: 'Soda', growthPercent: 10 });
    expect(grown.body.total).toBe(Math.round(soda * 1.1));
    expect((await grid()).cells.filter((c) => c.category === 'Dairy').map((c) => c.plan)).toEqual(dairyBefore);
    plan = grown.body.plan;
  });

  it('answers absurd numbers with 400 naming the field, changing nothing (units, totals, growth, pages)', async () => {
    const [cell] = (await grid()).cells;
    const before = (await api<PlanView>('GET', `/planning/plans/${plan.id}`)).body;
    const refused = [
      await api('PATCH', `/planning/plans/${plan.id}/cells`, { category: cell.category, cluster: cell.cluster, week: cell.week, version: cell.version, units: 1e308 }),
      await api('POST', `/planning/plans/${plan.id}/spread`, { version: plan.version, total: 1e308 }),
      await api('POST', `/planning/plans/${plan.id}/spread`, { version: plan.version, growthPercent: 1e308 }),
      await api('GET', '/planning/plans?page=20000000000000000000'),
    ];
    expect(refused.map((r) => [r.status, (r.body as { message: string }).message])).toEqual([
      [400, expect.stringContaining('units')],
      [400, expect.stringContaining('total')],
      [400, expect.stringContaining('growthPercent')],
      [400, expect.stringContaining('page')],
    ]);
    expect((await api<PlanView>('GET', `/planning/plans/${plan.id}`)).body).toMatchObject({ version: before.version, planUnits: before.planUnits });
  });

  it('refuses stale changes with 409 and what changed, never overwriting', async () => {
    const stale = await api('POST', `/planning/plans/${plan.id}/spread`, { version: plan.version - 1, total: 1 }, admin.accessToken);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ details: { currentVersion: plan.version, changedBy: 'manager@tideline.local', change: 'spread' } });
    const [, cell] = (await grid()).cells;
    const first = await api('PATCH', `/planning/plans/${plan.id}/cells`, { category: cell.category, cluster: cell.cluster, week: cell.week, version: cell.version, units: 7 });
    expect(first.status).toBe(200);
    const second = await api('PATCH', `/planning/plans/${plan.id}/cells`, { category: cell.category, cluster: cell.cluster, week: cell.week, version: cell.version, units: 9 }, admin.accessToken);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ details: { current: { plan: 7, version: cell.version + 1 } } });
    expect((await api('POST', `/planning/plans/${plan.id}/spread`, { version: 1 + plan.version, total: 1 })).status).toBe(400); // locked cell holds 500
    plan = (await api<PlanView>('GET', `/planning/plans/${plan.id}`)).body;
  });

  it('keeps a range per cluster with its forecast figures, warnings, and what a change does', async () => {
    const route = `/planning/plans/${plan.id}/assortment`;
    const before = (await api<AssortmentView>('GET', route)).body;
    expect(before.items).toHaveLength(4 * 2); // 4 products × 2 clusters, all in range
    const forecast = await Promise.all(
      ['Urban', 'Rural'].map(async (cluster) => (await api<ForecastSeriesView>('GET', `/forecast/series?sku=P3&cluster=${cluster}`, undefined, analyst.accessToken)).body),
    );
    const p3Urban = before.items.find((i) => i.sku === 'P3' && i.cluster === 'Urban');
    expect(p3Urban?.units).toBeCloseTo(forecast[0].forecast.reduce((s, f) => s + f.final, 0), 1);
    expect(p3Urban?.revenue).toBeCloseTo((p3Urban?.units ?? 0) * 1.9, 1); // Cola sells at 1.90
    const sodaUrban = (view: AssortmentView) => view.summary.find((g) => g.category === 'Soda' && g.cluster === 'Urban');
    expect(sodaUrban(before)).toMatchObject({ kept: 2 });
    expect(before.warnings).toEqual([]);

    // Dropping Cola from Urban takes exactly its figures out of Soda × Urban.
    const dropped = await api('PATCH', route, { sku: 'P3', cluster: 'Urban', inRange: false, version: p3Urban?.version });
    expect(dropped.body).toMatchObject({ inRange: false, version: 2 });
    const after = (await api<AssortmentView>('GET', route)).body;
    expect(sodaUrban(after)?.kept).toBe(1);
    expect(sodaUrban(after)?.units).toBeCloseTo((sodaUrban(before)?.units ?? 0) - (p3Urban?.units ?? 0), 1);
    const p4Urban = after.items.find((i) => i.sku === 'P4' && i.cluster === 'Urban');
    await api('PATCH', route, { sku: 'P4', cluster: 'Urban', inRange: false, version: p4Urban?.version });
    expect((await api<AssortmentView>('GET', route)).body.warnings).toEqual(['Cluster Urban keeps no product of Soda']);
    expect((await api('PATCH', route, { sku: 'P4', cluster: 'Urban', inRange: true, version: p4Urban?.version })).status).toBe(409);
    await api('PATCH', route, { sku: 'P4', cluster: 'Urban', inRange: true, version: (p4Urban?.version ?? 0) + 1 });
    expect((await api('PATCH', route, { sku: 'P4', cluster: 'Urban', inRange: true, version: 3, fromWeek: '2020-01-06' })).status).toBe(400);
    const p4History = (await api<AuditEntry[]>('GET', `${route}/history?sku=P4`, undefined, analyst.accessToken)).body;
    expect(p4History.map((e) => [e.what, e.after])).toEqual([
      ['range P4 × Urban', { inRange: false, fromWeek: weekOf(WEEKS) }],
      ['range P4 × Urban', { inRange: true, fromWeek: weekOf(WEEKS) }],
    ]);
    expect((await api<AuditEntry[]>('GET', `${route}/history?cluster=Urban`)).body).toHaveLength(3);
    plan = (await api<PlanView>('GET', `/planning/plans/${plan.id}`)).body;
  });

  it('keeps category strategies with versions, checking the growth, margin and products targets against the plan', async () => {
    const route = `/planning/plans/${plan.id}/strategies`;
    // Soda's planned growth over last year, as the grid rolls it up.
    const growth = (await grid()).rollups.find((r) => r.category === 'Soda' && r.cluster === null)?.growthPercent ?? NaN;
    const soda = await api<StrategyView>('PUT', `${route}/Soda`, {
      version: 0,
      role: 'destination',
      strategy: 'traffic_building',
      salesGrowthPercent: growth - 1,
      productsTarget: 2,
      marginPercent: 45, // Cola and Lemonade cost half their price
      notes: 'Summer push',
    });
    expect(soda.status).toBe(200);
    expect(soda.body).toMatchObject({
      category: 'Soda',
      version: 1,
      updatedBy: 'manager@tideline.local',
      growthAgainst: 'last_year',
      plannedGrowthPercent: growth,
      productsKept: 2, // Cola left Urban but is still kept in Rural
      checks: { salesGrowth: 'met', margin: 'met', products: 'met' },
    });
    expect(soda.body.plannedMarginPercent).toBeCloseTo(50, 1);
    const strict = await api<StrategyView>('PUT', `${route}/Soda`, {
      version: 1,
      role: 'destination',
      strategy: 'traffic_building',
      salesGrowthPercent: growth + 1,
      productsTarget: 4,
      marginPercent: 55,
    });
    expect(strict.body).toMatchObject({ version: 2, checks: { salesGrowth: 'missed', products: 'missed', margin: 'missed' } });
    expect((await api('PUT', `${route}/Soda`, { version: 1, role: 'routine', strategy: 'profit_generating' }, admin.accessToken)).body).toMatchObject({
      statusCode: 409,
      details: { currentVersion: 2, changedBy: 'manager@tideline.local' },
    });
    expect((await api('PUT', `${route}/Soda`, { version: 2, role: 'hero', strategy: 'traffic_building' })).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('role') });
    expect((await api('PUT', `${route}/Bakery`, { version: 0, role: 'routine', strategy: 'profit_generating' })).status).toBe(404);
    expect((await api<StrategyView[]>('GET', route, undefined, analyst.accessToken)).body.map((v) => v.category)).toEqual(['Soda']);
    plan = (await api<PlanView>('GET', `/planning/plans/${plan.id}`)).body;
  });

  it('keeps duties apart: only the owner, named editors and admins change a draft; the approver may not, nor be an editor', async () => {
    const [, , cell] = (await grid()).cells;
    const byApprover = await api('PATCH', `/planning/plans/${plan.id}/cells`, { category: cell.category, cluster: cell.cluster, week: cell.week, version: cell.version, units: 3 }, manager2.accessToken);
    expect(byApprover.body).toMatchObject({ statusCode: 403, message: expect.stringContaining('owner (manager@tideline.local)') });
    expect((await api('POST', `/planning/plans/${plan.id}/spread`, { version: plan.version, total: 5 }, manager2.accessToken)).status).toBe(403);
    expect((await api('POST', `/planning/plans/${plan.id}/submit`, { version: plan.version }, manager2.accessToken)).status).toBe(403);
    expect(
      (await api('POST', '/planning/plans', { name: 'x', from: weekOf(WEEKS), to: weekOf(WEEKS + 1), approver: 'manager2@tideline.local', editors: ['manager2@tideline.local'] })).body,
    ).toMatchObject({ statusCode: 400, message: expect.stringContaining('approver cannot be an editor') });
    // An admin may change any draft.
    expect((await api('PATCH', `/planning/plans/${plan.id}/cells`, { category: cell.category, cluster: cell.cluster, week: cell.week, version: cell.version, units: 3 }, admin.accessToken)).status).toBe(200);
    plan = (await api<PlanView>('GET', `/planning/plans/${plan.id}`)).body;
  });

  it('goes through approval: the owner cannot approve, the named approver can, and an approved plan is read-only', async () => {
    const submitted = await api<PlanView>('POST', `/planning/plans/${plan.id}/submit`, { version: plan.version });
    expect(submitted.body.status).toBe('submitted');
    const own = await api('POST', `/planning/plans/${plan.id}/approve`, { version: submitted.body.version });
    expect(own.body).toMatchObject({ statusCode: 403, message: 'The owner cannot approve their own plan' });
    // The approver reviews: no reopening (and so no editing) of what they are to approve.
    expect((await api('POST', `/planning/plans/${plan.id}/reopen`, { version: submitted.body.version }, manager2.accessToken)).status).toBe(403);
    // The admin changed a cell since the last approval, so reviews nothing here.
    expect((await api('POST', `/planning/plans/${plan.id}/approve`, { version: submitted.body.version }, admin.accessToken)).body).toMatchObject({
      statusCode: 403,
      message: expect.stringContaining('changed this plan since it was last approved'),
    });
    expect((await api('POST', `/planning/plans/${plan.id}/reject`, { version: submitted.body.version }, manager2.accessToken)).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('comment'),
    });
    const approved = await api<PlanView>('POST', `/planning/plans/${plan.id}/approve`, { version: submitted.body.version }, manager2.accessToken);
    expect(approved.body).toMatchObject({ status: 'approved' });
    const [cell] = (await grid()).cells;
    const edit = await api('PATCH', `/planning/plans/${plan.id}/cells`, { category: cell.category, cluster: cell.cluster, week: cell.week, version: cell.version, units: 1 });
    expect(edit.body).toMatchObject({ statusCode: 409, message: expect.stringContaining('approved') });
    expect((await api('POST', `/planning/plans/${plan.id}/archive`, { version: 1 })).status).toBe(400);
    expect((await api('GET', `/planning/plans/${plan.id}`, undefined, analyst.accessToken)).status).toBe(200);
    expect((await api('GET', `/planning/plans/${plan.id}`, undefined, data.accessToken)).status).toBe(403);

    const history = (await api<AuditEntry[]>('GET', `/planning/plans/${plan.id}/history`, undefined, analyst.accessToken)).body;
    expect(history.map((h) => [h.what.split(' ')[0], h.actor])).toEqual([
      ['created', 'manager@tideline.local'],
      ['cell', 'manager@tideline.local'],
      ['spread', 'manager@tideline.local'],
      ['spread', 'manager@tideline.local'],
      ['cell', 'manager@tideline.local'],
      ['range', 'manager@tideline.local'],
      ['range', 'manager@tideline.local'],
      ['range', 'manager@tideline.local'],
      ['strategy', 'manager@tideline.local'],
      ['strategy', 'manager@tideline.local'],
      ['cell', 'admin@tideline.local'],
      ['submit', 'manager@tideline.local'],
      ['approve', 'manager2@tideline.local'],
    ]);
    expect(history[4]).toMatchObject({ before: { plan: expect.any(Number) }, after: { plan: 7 } });
  });

  it('changes an approved plan through a new version, branches a scenario, and compares them cell by cell', async () => {
    const v2 = await api<PlanView>('POST', `/planning/plans/${plan.id}/versions`, {}, manager2.accessToken);
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ familyId: plan.id, revision: 2, scenario: null, branchedFrom: plan.id, status: 'draft', owner: 'manager2@tideline.local' });
    expect(v2.body.planUnits).toBe((await api<PlanView>('GET', `/planning/plans/${plan.id}`)).body.planUnits);
    const cells = (await api<GridView>('GET', `/planning/plans/${v2.body.id}/cells`)).body.cells;
    const edited = cells[3];
    await api('PATCH', `/planning/plans/${v2.body.id}/cells`, { category: edited.category, cluster: edited.cluster, week: edited.week, version: edited.version, units: edited.plan + 25 }, manager2.accessToken);
    const compared = await api<CompareView>('GET', `/planning/plans/${plan.id}/compare?with=${v2.body.id}`);
    expect(compared.body.cells).toEqual([{ category: edited.category, cluster: edited.cluster, week: edited.week, a: edited.plan, b: edited.plan + 25, difference: 25 }]);
    expect(compared.body.totalB - compared.body.totalA).toBe(25);

    const scenario = await api<PlanView>('POST', `/planning/plans/${v2.body.id}/scenarios`, { scenario: 'Heatwave' }, manager2.accessToken);
    expect(scenario.body).toMatchObject({ revision: 2, scenario: 'Heatwave', branchedFrom: v2.body.id });
    await api('POST', `/planning/plans/${scenario.body.id}/spread`, { version: scenario.body.version, category: 'Soda', growthPercent: 30 }, manager2.accessToken);
    const v2After = (await api<PlanView>('GET', `/planning/plans/${v2.body.id}`)).body;
    expect(v2After.planUnits).toBe(compared.body.totalB); // the scenario's spread left its source alone
    expect((await api<CompareView>('GET', `/planning/plans/${v2.body.id}/compare?with=${scenario.body.id}`)).body.totalB).toBeGreaterThan(v2After.planUnits);
    expect((await api('POST', `/planning/plans/${v2.body.id}/scenarios`, {}, manager2.accessToken)).status).toBe(400);
    expect((await api('GET', `/planning/plans/${plan.id}/compare?with=nope`)).status).toBe(400);
  });

  it('says when a newer forecast exists, refreshes the baseline without touching the plan values, and exports CSV', async () => {
    const created = await api<PlanView>('POST', '/planning/plans', { name: 'Summer', from: weekOf(WEEKS), to: weekOf(WEEKS + 3), department: 'Food' });
    expect(created.body).toMatchObject({ cells: 1 * 2 * 4, newerForecast: false, department: 'Food' });
    const [cell] = (await api<GridView>('GET', `/planning/plans/${created.body.id}/cells`)).body.cells;
    await api('PATCH', `/planning/plans/${created.body.id}/cells`, { category: cell.category, cluster: cell.cluster, week: cell.week, version: cell.version, units: 4242 });

    const started = await api<{ id: string }>('POST', '/forecast/runs', { horizon: 4 }, analyst.accessToken);
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.id === started.body.id);
    let seen = (await api<PlanView>('GET', `/planning/plans/${created.body.id}`)).body;
    for (let i = 0; i < 40 && !seen.newerForecast; i++) {
      await new Promise((r) => setTimeout(r, 250));
      seen = (await api<PlanView>('GET', `/planning/plans/${created.body.id}`)).body;
    }
    expect(seen.newerForecast).toBe(true);
    const refreshed = await api<PlanView>('POST', `/planning/plans/${created.body.id}/refresh-baseline`, { version: seen.version });
    expect(refreshed.body).toMatchObject({ newerForecast: false, version: seen.version + 1 });
    const after = (await api<GridView>('GET', `/planning/plans/${created.body.id}/cells`)).body.cells;
    expect(after[0]).toMatchObject({ plan: 4242 });

    const res = await fetch(`${system.gatewayUrl}/api/planning/plans/${created.body.id}/export.csv`, { headers: { authorization: `Bearer ${analyst.accessToken}` } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'category,cluster,week,fiscal_year,fiscal_quarter,fiscal_month,fiscal_week,forecast,plan,locked,price,planRevenue,forecastRevenue,unitCost,planMargin,lastYear,lastYearRevenue,actual,actualRevenue,remaining',
    );
    expect(lines).toHaveLength(1 + 8);
    const c = after[0];
    // Fiscal 2026 (4-5-4, ending on the Sunday nearest 31 January) starts on Monday 2 February 2026: 9 February is its week 2.
    expect(c.week).toBe('2026-02-09');
    expect(lines[1]).toBe(
      `Dairy,${c.cluster},${c.week},2026,1,1,2,${c.forecast},4242,false,${c.price},${c.planRevenue},${c.forecastRevenue},${c.unitCost},${c.planMargin},${c.lastYear},${c.lastYearRevenue},,,4242`,
    );
  });

  it('spreads by last year and by a week profile, grows against last year, and keeps every cell\'s history', async () => {
    let draft = (await api<PlanView>('POST', '/planning/plans', { name: 'Autumn', from: weekOf(WEEKS), to: weekOf(WEEKS + 3) })).body;
    const cellsOf = async () => (await api<GridView>('GET', `/planning/plans/${draft.id}/cells?category=Soda`)).body.cells;
    const spread = async (body: object) => {
      const res = await api<SpreadResult>('POST', `/planning/plans/${draft.id}/spread`, { version: draft.version, category: 'Soda', ...body });
      if (res.status === 200) draft = res.body.plan;
      return res;
    };
    const [locked] = await cellsOf();
    await api('PATCH', `/planning/plans/${draft.id}/cells`, { category: 'Soda', cluster: locked.cluster, week: locked.week, version: locked.version, units: 77, locked: true });
    draft = (await api<PlanView>('GET', `/planning/plans/${draft.id}`)).body;

    // +10% against last year, spread in proportion to last year: the free cells follow last year's shape.
    const before = await cellsOf();
    const lastYear = sum(before.map((c) => c.lastYear));
    expect((await spread({ growthPercent: 10, growthAgainst: 'last_year', basis: 'last_year' })).body.total).toBe(Math.round(lastYear * 1.1));
    let cells = await cellsOf();
    expect(sum(cells.map((c) => c.plan))).toBe(Math.round(lastYear * 1.1));
    expect(cells[0].plan).toBe(77);
    const free = cells.slice(1);
    const freeLastYear = sum(free.map((c) => c.lastYear));
    free.forEach((c) => expect(Math.abs(c.plan - ((Math.round(lastYear * 1.1) - 77) * c.lastYear) / freeLastYear)).toBeLessThan(1));

    // A profile of 4 weeks: each cluster keeps its share of the forecast; its weeks follow 4:3:2:1.
    expect((await spread({ total: 1_000, basis: 'profile', profile: [4, 3, 2, 1] })).status).toBe(200);
    cells = await cellsOf();
    expect(sum(cells.map((c) => c.plan))).toBe(1_000);
    const urban = cells.filter((c) => c.cluster === 'Urban').map((c) => c.plan); // the locked cell is Rural's first
    expect(urban[0]).toBeGreaterThan(urban[1]);
    expect(urban[1]).toBeGreaterThan(urban[2]);
    expect(urban[2]).toBeGreaterThan(urban[3]);
    expect(Math.abs(urban[0] / urban[3] - 4)).toBeLessThan(0.3);
    expect((await spread({ total: 1_000, basis: 'profile', profile: [1, 1] })).body).toMatchObject({
      statusCode: 400,
      message: 'profile has 2 weights but the selection has 4 weeks',
    });
    expect((await spread({ total: 1_000, basis: 'even', profile: [1, -1, 1, 1] })).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('profile') });

    // The locked cell's history: the edit, then no spread (it held); a free cell's: both spreads.
    const history = (key: { cluster: string; week: string }) =>
      api<CellChange[]>('GET', `/planning/plans/${draft.id}/cells/history?category=Soda&cluster=${key.cluster}&week=${key.week}`, undefined, analyst.accessToken);
    expect((await history(locked)).body).toEqual([
      { at: expect.any(String), actor: 'manager@tideline.local', what: 'cell', before: { plan: locked.plan, locked: false }, after: { plan: 77, locked: true } },
    ]);
    const [, second] = cells;
    expect((await history(second)).body.map((h) => [h.what, h.before.plan, h.after.plan])).toEqual([
      ['spread', before[1].plan, free[0].plan],
      ['spread', free[0].plan, second.plan],
    ]);
    expect((await api('GET', `/planning/plans/${draft.id}/cells/history?category=Soda&cluster=Urban`)).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('week') });
  });

  it('takes actuals as sales arrive: open to buy per cell, and last year restated', async () => {
    const draft = (await api<PlanView>('POST', '/planning/plans', { name: 'Open to buy', from: weekOf(WEEKS), to: weekOf(WEEKS + 3), department: 'Drinks' })).body;
    // Sales of the plan's first two weeks arrive, and last year's first week is restated to 100 a series.
    const restated = (i: number, w: number) => (w === WEEKS - 52 ? 100 : units(i, w));
    await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', salesCsv([WEEKS - 52, WEEKS, WEEKS + 1], restated));
    let view = (await api<GridView>('GET', `/planning/plans/${draft.id}/cells?cluster=Urban`)).body;
    for (let i = 0; i < 60 && (view.cells[1].actual === null || view.cells[0].lastYear !== 200); i++) {
      await new Promise((r) => setTimeout(r, 250));
      view = (await api<GridView>('GET', `/planning/plans/${draft.id}/cells?cluster=Urban`)).body;
    }
    // Soda × Urban is Cola and Lemonade in S1: series 4 and 6.
    const [w0, w1, w2] = view.cells;
    expect(w0).toMatchObject({ actual: units(4, WEEKS) + units(6, WEEKS), lastYear: 200, remaining: w0.plan - units(4, WEEKS) - units(6, WEEKS) });
    expect(w1.actual).toBe(units(4, WEEKS + 1) + units(6, WEEKS + 1));
    expect(w2).toMatchObject({ actual: null, remaining: w2.plan });
    const pair = view.rollups.find((r) => r.category === 'Soda' && r.cluster === 'Urban');
    expect(pair).toMatchObject({ planToDate: w0.plan + w1.plan, actualToDate: (w0.actual ?? 0) + (w1.actual ?? 0) });
    expect(pair?.remaining).toBe(sum(view.cells.map((c) => c.plan)) - (pair?.actualToDate ?? 0));
  });

  it('maps weeks to the retail calendar (4-5-4, 53-week years) and lines last year up by fiscal week, by Easter or by a holiday of the events calendar', async () => {
    // Worked by hand (libs/contracts fiscal-calendar.spec.ts): fiscal 2024 runs 29 Jan 2024 – 2 Feb 2025, 53 weeks.
    const calendar = (await api<CalendarView>('GET', '/planning/calendar?from=2024-01-29&to=2025-02-03', undefined, analyst.accessToken)).body;
    expect(calendar.calendar).toEqual({ pattern: '4-5-4', yearEnd: '01-31', namedBy: 'start' });
    expect(calendar.weeks).toHaveLength(54);
    expect(calendar.weeks[0]).toMatchObject({ week: '2024-01-29', year: 2024, weekOfYear: 1, month: 1, quarter: 1, weeksInYear: 53, lastYear: '2023-01-30' });
    expect(calendar.weeks[52]).toMatchObject({ week: '2025-01-27', year: 2024, weekOfYear: 53, month: 12, weekOfMonth: 5, weeksInMonth: 5, quarter: 4, lastYear: null });
    expect(calendar.weeks[53]).toMatchObject({ week: '2025-02-03', year: 2025, weekOfYear: 1, lastYear: '2024-01-29' });
    expect((await api('GET', '/planning/calendar?from=2025-02-03&to=2024-01-29')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('to') });
    expect((await api('GET', '/planning/calendar?from=2024-01-29&to=2040-01-30')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('at most 520 weeks') });
    expect((await api('GET', '/planning/calendar?from=2024-01-30&to=2024-02-05')).status).toBe(400);

    // A moving holiday of the events calendar (chain-wide; a region's event is not the chain's holiday): Diwali in
    // the weeks of 28 Oct 2024 and 20 Oct 2025 (fiscal week 38, whose fiscal week last year is 14 Oct 2024).
    const diwali = await api<{ id: string }>('POST', '/forecast/events', { name: 'diwali', weeks: ['2024-10-28', '2025-10-20'] }, analyst.accessToken);
    const regional = await api<{ id: string }>('POST', '/forecast/events', { name: 'fair', weeks: ['2024-10-07', '2025-10-13'], region: 'North' }, analyst.accessToken);
    try {
      const october = (await api<CalendarView>('GET', '/planning/calendar?from=2025-10-06&to=2025-11-03')).body.weeks;
      expect(october.map((w) => w.lastYear)).toEqual(['2024-09-30', '2024-10-07', '2024-10-14', '2024-10-21', '2024-10-28']);
      // Two weeks before Diwali to one after it are lined up with last year's Diwali; the week after that by fiscal week again.
      expect(october.map((w) => w.lastYearByHoliday)).toEqual(['2024-10-14', '2024-10-21', '2024-10-28', '2024-11-04', '2024-10-28']);
    } finally {
      for (const event of [diwali, regional]) await api('DELETE', `/forecast/events/${event.body.id}`, undefined, analyst.accessToken);
    }

    // Easter 2026 is in the week of 30 March 2026 (fiscal week 9); Easter 2025 was in the week of 14 April
    // 2025, two weeks after fiscal week 9 of 2025 (31 March). Soda × Urban is series 4 and 6.
    const [easter, easterLastYear, sameFiscalWeek] = [117, 67, 65];
    expect([weekOf(easter), weekOf(easterLastYear), weekOf(sameFiscalWeek)]).toEqual(['2026-03-30', '2025-04-14', '2025-03-31']);
    // A forecast that reaches past Easter week (another test's run may have a 4-week horizon), done before plans are made from it.
    const run = await api<{ id: string }>('POST', '/forecast/runs', { horizon: 13 }, analyst.accessToken);
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.id === run.body.id);
    const lastYearOf = async (lastYear?: string) => {
      const created = await api<PlanView>('POST', '/planning/plans', { name: `Easter ${lastYear ?? 'default'}`, from: weekOf(easter - 1), to: weekOf(easter + 2), department: 'Drinks', lastYear });
      expect(created.status).toBe(201);
      expect(created.body.lastYear).toBe(lastYear ?? 'fiscal_week');
      const cells = (await api<GridView>('GET', `/planning/plans/${created.body.id}/cells?category=Soda&cluster=Urban`)).body.cells;
      return cells.map((c) => c.lastYear);
    };
    const soda = (w: number) => units(4, w) + units(6, w);
    // The week before Easter, Easter, the week after it (the window), then the same fiscal week again.
    expect(await lastYearOf('holiday')).toEqual([soda(easterLastYear - 1), soda(easterLastYear), soda(easterLastYear + 1), soda(sameFiscalWeek + 2)]);
    expect(await lastYearOf()).toEqual([soda(sameFiscalWeek - 1), soda(sameFiscalWeek), soda(sameFiscalWeek + 1), soda(sameFiscalWeek + 2)]);
    expect((await api('POST', '/planning/plans', { name: 'Bad', from: weekOf(easter), to: weekOf(easter), lastYear: 'easter' })).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('lastYear') });
  });

  it('plans stock and open-to-buy by fiscal month from uploaded stock and purchase orders, as worked by hand', async () => {
    // Counted on hand at the end of the week before the plan, and an order due in its second week.
    const stock = ['week,store,sku,on_hand', `${weekOf(WEEKS - 1)},S1,P3,30`, `${weekOf(WEEKS - 1)},S1,P4,20`, `${weekOf(WEEKS - 1)},S2,P3,7`].join('\n');
    expect((await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/stock/uploads', stock)).rowsAccepted).toBe(3);
    const orders = ['order,sku,store,due_week,units,cost', `PO-OTB,P3,S1,${weekOf(WEEKS + 1)},60,57`].join('\n');
    expect((await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/orders/uploads', orders)).rowsAccepted).toBe(1);
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.trigger === 'upload');
    const created = (await api<PlanView>('POST', '/planning/plans', { name: 'Open to buy by month', from: weekOf(WEEKS), to: weekOf(WEEKS + 3), department: 'Drinks' })).body;
    const plan = (await api<GridView>('GET', `/planning/plans/${created.id}/cells?category=Soda&cluster=Urban`)).body.cells.map((c) => c.plan);

    const view = (await api<OpenToBuyView>('GET', `/planning/plans/${created.id}/open-to-buy?period=month&weeksOfCover=2`)).body;
    // Fiscal 2026 starts on 2 February 2026 (week WEEKS − 1): the plan's first three weeks are in month 1, its fourth opens month 2.
    expect(view).toMatchObject({ period: 'month', weeksOfCover: 2, openingCount: weekOf(WEEKS - 1) });
    expect(view.periods).toEqual([
      { name: 'month 1 of 2026', from: weekOf(WEEKS), to: weekOf(WEEKS + 2), weeks: 3 },
      { name: 'month 2 of 2026', from: weekOf(WEEKS + 3), to: weekOf(WEEKS + 3), weeks: 1 },
    ]);
    const urban = view.rows.find((r) => r.category === 'Soda' && r.cluster === 'Urban')?.figures ?? [];
    // By hand: month 1 starts with 30 + 20 on hand, receives 60, sells the plan's first three weeks and ends with 2 weeks of them.
    const sold1 = plan[0] + plan[1] + plan[2];
    const end1 = (2 * sold1) / 3;
    expect(urban[0]).toMatchObject({ beginningStock: 50, receipts: 60, sales: sold1, markdowns: 0 });
    expect(urban[0].endStock).toBeCloseTo(end1, 3);
    expect(urban[0].openToBuy).toBeCloseTo(end1 + sold1 - 50 - 60, 3);
    expect(urban[0].sellThrough).toBeCloseTo(sold1 / 110, 3);
    // Month 2 starts where month 1 planned to end, receives nothing, and ends with 2 weeks of its one week.
    expect(urban[1].beginningStock).toBeCloseTo(end1, 3);
    expect(urban[1]).toMatchObject({ receipts: 0, sales: plan[3], endStock: 2 * plan[3] });
    expect(urban[1].openToBuy).toBeCloseTo(2 * plan[3] + plan[3] - end1, 3);
    expect(view.rows.find((r) => r.category === 'Soda' && r.cluster === 'Rural')?.figures[0]).toMatchObject({ beginningStock: 7, receipts: 0 });
    expect((await api('GET', `/planning/plans/${created.id}/open-to-buy?weeksOfCover=-1`)).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('weeksOfCover') });
  });

  it('keeps each category\'s stock target and markdown budget, and plans open-to-buy in value with markdowns and margin, rolled up by category, plan and fiscal period', async () => {
    const created = (await api<PlanView>('POST', '/planning/plans', { name: 'Markdowns', from: weekOf(WEEKS), to: weekOf(WEEKS + 3), department: 'Drinks' })).body;
    const route = `/planning/plans/${created.id}/merchandise-targets/Soda`;
    const markdowns = [
      { from: weekOf(WEEKS), to: weekOf(WEEKS + 2), ratePercent: 10 },
      { from: weekOf(WEEKS + 3), to: weekOf(WEEKS + 3), amount: 50 },
    ];
    // Bad targets are refused, naming what is wrong.
    const refused = async (body: unknown, token?: string) => (await api<{ statusCode: number; message: string }>('PUT', route, body, token)).body;
    expect(await refused({ version: 0, weeksOfCover: 3, stockToSales: 1 })).toMatchObject({ statusCode: 400, message: expect.stringContaining('stockToSales') });
    expect(await refused({ version: 0, markdowns: [{ from: weekOf(WEEKS), to: weekOf(WEEKS), ratePercent: 5, amount: 5 }] })).toMatchObject({ statusCode: 400, message: expect.stringContaining('markdowns[0]') });
    expect(await refused({ version: 0, markdowns: [markdowns[0], { from: weekOf(WEEKS + 2), to: weekOf(WEEKS + 3), amount: 5 }] })).toMatchObject({ statusCode: 400, message: expect.stringContaining('overlaps') });
    expect(await refused({ version: 0, markdowns: [{ from: weekOf(WEEKS + 4), to: weekOf(WEEKS + 4), amount: 5 }] })).toMatchObject({ statusCode: 400, message: expect.stringContaining('outside') });
    expect(await refused({ version: 0, markdowns: [{ from: weekOf(WEEKS), to: weekOf(WEEKS), ratePercent: 101 }] })).toMatchObject({ statusCode: 400, message: expect.stringContaining('ratePercent') });
    expect(await refused({ version: 0, weeksOfCover: 3 }, analyst.accessToken)).toMatchObject({ statusCode: 403 });
    expect((await api('PUT', `/planning/plans/${created.id}/merchandise-targets/Nope`, { version: 0, weeksOfCover: 3 })).status).toBe(404);

    const kept = (await api<MerchandiseTargetsView>('PUT', route, { version: 0, weeksOfCover: 3, markdowns })).body;
    expect(kept).toMatchObject({ category: 'Soda', weeksOfCover: 3, stockToSales: null, version: 1, updatedBy: 'manager@tideline.local' });
    expect(kept.markdowns).toEqual(markdowns.map((m) => ({ ratePercent: null, amount: null, ...m })));
    expect(await refused({ version: 0, weeksOfCover: 2 })).toMatchObject({ statusCode: 409 });
    expect((await api<MerchandiseTargetsView[]>('GET', `/planning/plans/${created.id}/merchandise-targets`, undefined, analyst.accessToken)).body).toEqual([kept]);
    const history = (await api<AuditEntry[]>('GET', `/planning/plans/${created.id}/history`)).body;
    expect(history.find((h) => h.what === 'targets Soda')).toMatchObject({ actor: 'manager@tideline.local', before: null });

    // Sold below the catalog's price (Cola 1.90): 10 at 1.40 in S1 in the plan's third week is 5.00 of markdowns.
    const sold = ['week,store,sku,units,price', `${weekOf(WEEKS + 2)},S1,P3,10,1.40`, `${weekOf(WEEKS + 2)},S1,P4,4,1.70`].join('\n');
    expect((await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', sold)).rowsAccepted).toBe(2);
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.trigger === 'upload');

    const cells = (await api<GridView>('GET', `/planning/plans/${created.id}/cells?category=Soda`)).body.cells;
    const cell = (cluster: string, week: number) => cells.find((c) => c.cluster === cluster && c.week === weekOf(WEEKS + week));
    const value = (cluster: string, weeks: number[]) => sum(weeks.map((w) => (cell(cluster, w)?.plan ?? 0) * (cell(cluster, w)?.price ?? 0)));
    const unitsOf = (cluster: string, weeks: number[]) => sum(weeks.map((w) => cell(cluster, w)?.plan ?? 0));
    const view = (await api<OpenToBuyView>('GET', `/planning/plans/${created.id}/open-to-buy?period=month&category=Soda`)).body;
    expect(view).toMatchObject({ weeksOfCover: null, by: 'cluster' });
    const urban = view.rows.find((r) => r.cluster === 'Urban')?.figures ?? [];
    // By hand: month 1 (weeks 0–2) ends with 3 weeks of cover (the category's target), marks down 10% of its value.
    expect(urban[0].endStock).toBeCloseTo(unitsOf('Urban', [0, 1, 2]), 3);
    expect(urban[0].value.sales).toBeCloseTo(value('Urban', [0, 1, 2]), 2);
    expect(urban[0].value.markdowns).toBeCloseTo(0.1 * value('Urban', [0, 1, 2]), 2);
    expect(urban[0].grossMarginAfterMarkdowns).toBeCloseTo((urban[0].grossMargin ?? NaN) - urban[0].value.markdowns, 2);
    expect(urban[0].actualMarkdowns).toBeCloseTo(5, 6);
    expect(urban[0].value.openToBuy).toBeCloseTo(urban[0].value.endStock + urban[0].value.sales + urban[0].value.markdowns - urban[0].value.beginningStock - urban[0].value.receipts, 2);
    // Month 2's 50 is spread over the clusters by planned value: together, exactly 50.
    const month2 = view.rows.map((r) => r.figures[1].value.markdowns);
    expect(sum(month2)).toBeCloseTo(50, 2);
    expect(urban[1].value.markdowns).toBeCloseTo((50 * value('Urban', [3])) / (value('Urban', [3]) + value('Rural', [3])), 2);

    // Rolled up: the category is the sum of its clusters; the plan by fiscal quarter and by year is one row of every period.
    const byCategory = (await api<OpenToBuyView>('GET', `/planning/plans/${created.id}/open-to-buy?period=month&by=category`)).body;
    const soda = byCategory.rows.find((r) => r.category === 'Soda');
    expect(soda).toMatchObject({ cluster: null });
    expect(soda?.figures[1].value.markdowns).toBeCloseTo(50, 2);
    expect(soda?.figures[0].sales).toBeCloseTo(sum(view.rows.map((r) => r.figures[0].sales)), 3);
    expect(soda?.figures[0].actualMarkdowns).toBeCloseTo(5, 6);
    const yearly = (await api<OpenToBuyView>('GET', `/planning/plans/${created.id}/open-to-buy?period=year&by=plan`)).body;
    expect(yearly.periods).toEqual([{ name: 'year 2026', from: weekOf(WEEKS), to: weekOf(WEEKS + 3), weeks: 4 }]);
    expect(yearly.rows).toHaveLength(1);
    expect(yearly.rows[0]).toMatchObject({ category: null, cluster: null });
    expect(yearly.rows[0].figures[0].value.markdowns).toBeCloseTo(0.1 * (value('Urban', [0, 1, 2]) + value('Rural', [0, 1, 2])) + 50, 2);
    const quarterly = (await api<OpenToBuyView>('GET', `/planning/plans/${created.id}/open-to-buy?period=quarter&by=plan`)).body;
    expect(quarterly.rows[0].figures[0].sales).toBeCloseTo(yearly.rows[0].figures[0].sales, 3);
    expect((await api('GET', `/planning/plans/${created.id}/open-to-buy?by=store`)).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('by must be one of') });
    // As CSV: the same figures, a line per row and period.
    const csv = await fetch(`${system.gatewayUrl}/api/planning/plans/${created.id}/open-to-buy.csv?period=month&by=category`, { headers: { authorization: `Bearer ${manager.accessToken}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const table = Papa.parse<Record<string, string>>((await csv.text()).trim(), { header: true }).data;
    expect(table).toHaveLength(byCategory.rows.length * byCategory.periods.length);
    const sodaMonth2 = table.find((r) => r.category === 'Soda' && r.period === byCategory.periods[1].name);
    expect(sodaMonth2).toMatchObject({ cluster: '*', from: weekOf(WEEKS + 3), to: weekOf(WEEKS + 3) });
    expect(Number(sodaMonth2?.markdowns_value)).toBeCloseTo(50, 2);
    expect(Number(sodaMonth2?.open_to_buy)).toBe(soda?.figures[1].openToBuy);
    expect(Number(sodaMonth2?.gross_margin_after_markdowns)).toBe(soda?.figures[1].grossMarginAfterMarkdowns);
  });

  it('keeps formula-like names from the importers as data, and neutralises them in the plan export and the rejections export', async () => {
    // What an attacker with upload rights would plant for the people who open the exports in a spreadsheet.
    const department = '+Hostile';
    const category = '=HYPERLINK("http://evil.example","click")';
    const cluster = "@SUM(1+1)*cmd|' /C calc'!A0";
    const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
    const products = ['sku,name,department,category,subcategory,brand,unit_price,unit_cost', `P9,=cmd|' /C calc'!A0,${department},${quoted(category)},-Sub,Brand,1.00,0.50`];
    const stores = ['store,name,region,cluster,opened_on,closed_on', `S9,Hostile Store,North,${quoted(cluster)},2020-01-01,`];
    expect((await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/products/uploads', products.join('\n'))).rowsAccepted).toBe(1);
    expect((await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/stores/uploads', stores.join('\n'))).rowsAccepted).toBe(1);
    const history = ['week,store,sku,units', ...Array.from({ length: WEEKS }, (_, w) => `${weekOf(w)},S9,P9,${5 + (w % 3)}`)];
    const sold = await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', history.join('\n'));
    await runFinished(system.gatewayUrl, analyst.accessToken, (r) => r.scope.uploadId === sold.id);

    // Twelve weeks: wherever the forecast starts after the sales earlier tests added, the period holds some of it.
    const hostile = await api<PlanView>('POST', '/planning/plans', { name: 'Hostile', from: weekOf(WEEKS), to: weekOf(WEEKS + 11), department });
    expect(hostile.status).toBe(201);
    // The API is data, not a spreadsheet: the names come back exactly as imported.
    const cells = (await api<GridView>('GET', `/planning/plans/${hostile.body.id}/cells`)).body.cells;
    expect(cells.some((c) => c.category === category && c.cluster === cluster)).toBe(true);

    const exported = await fetch(`${system.gatewayUrl}/api/planning/plans/${hostile.body.id}/export.csv`, { headers: { authorization: `Bearer ${manager.accessToken}` } });
    const rows = Papa.parse<Record<string, string>>(await exported.text(), { header: true, skipEmptyLines: true }).data;
    expect(rows.length).toBe(cells.length);
    expect(rows.some((r) => r['category'] === `'${category}` && r['cluster'] === `'${cluster}`)).toBe(true);
    for (const row of rows) for (const text of [row['category'], row['cluster']]) expect(text).not.toMatch(/^[=+\-@\t\r]/);

    // A rejected value is echoed in the rejections download: neutralised there too.
    const sales = ['week,store,sku,units', `${weekOf(WEEKS)},S9,P9,=1+cmd|' /C calc'!A0`].join('\n');
    const upload = await uploadCsv(system.gatewayUrl, data.accessToken, '/sales/uploads', sales);
    expect(upload.rowsRejected).toBe(1);
    const rejections = await fetch(`${system.gatewayUrl}/api/sales/uploads/${upload.id}/rejections.csv`, { headers: { authorization: `Bearer ${data.accessToken}` } });
    const [rejected] = Papa.parse<Record<string, string>>(await rejections.text(), { header: true, skipEmptyLines: true }).data;
    expect(rejected).toMatchObject({ line: '2', column: 'units', value: "'=1+cmd|' /C calc'!A0" });
  });

  it('lists plans sorted and paged, with the total on every page', async () => {
    const all = (await api<Page<PlanView>>('GET', '/planning/plans?sort=name&pageSize=500', undefined, analyst.accessToken)).body;
    expect(all.items.map((p) => p.name)).toEqual([...all.items.map((p) => p.name)].sort());
    expect((await api<Page<PlanView>>('GET', '/planning/plans?page=99&pageSize=2')).body).toEqual({ items: [], total: all.total });
    expect((await api('GET', '/planning/plans?sort=owner')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('sort must be one of') });
  });
});
