// The big plan the planning benchmarks share: 200 categories × 20 store clusters × 52 weeks by
// default (one product per category, one store per cluster), forecast and planned through a real
// system, with the times of creating it, spreading +5% over it and loading its grid.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { runOrExit } = require('../../tools/system.js');
const { IsolatedSystem } = require('../../tools/isolated-system.js');
const { tokenOf, uploadCsv, waitForRun, waitForUpload } = require('../../tools/demo-chain/seed.js');

export const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const HISTORY_WEEKS = 60; // more than a season, so the engine's selection runs as in production
export const PLAN_WEEKS = 52;
const FIRST_WEEK = Date.UTC(2024, 0, 1); // a Monday
const weekOf = (i) => new Date(FIRST_WEEK + i * 7 * 86_400_000).toISOString().slice(0, 10);

export async function api(system, token, method, route, body) {
  const res = await fetch(`${system.gatewayUrl}/api${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Seconds that `work` takes. */
export async function timed(work) {
  const started = performance.now();
  const result = await work();
  return { seconds: (performance.now() - started) / 1000, result };
}

/** Builds what the system needs, starts it (with the web apps when `web`), and plans the big plan. */
export async function startWithBigPlan({ categories, clusters, web = false }) {
  const projects = ['gateway', 'auth-service', 'catalog-service', 'sales-service', 'forecast-service', 'planning-service', ...(web ? ['planning-web'] : [])];
  runOrExit('npx', ['nx', 'run-many', '-t', 'build', '-p', ...projects, '--outputStyle=static']);
  const system = await IsolatedSystem.start({ web, env: { RPC_TIMEOUT_MS: '60000' } });
  try {
    const password = system.env.DEMO_PASSWORD;
    const data = await tokenOf(system.gatewayUrl, 'data@tideline.local', password);
    const products = ['sku,name,department,category,subcategory,brand,unit_price'];
    for (let c = 0; c < categories; c++) products.push(`P${c},Product ${c},Dept${c % 10},Category ${c},Sub,Brand,1.00`);
    const stores = ['store,name,region,cluster,opened_on,closed_on'];
    for (let s = 0; s < clusters; s++) stores.push(`S${s},Store ${s},Region ${s % 4},Cluster ${s},2020-01-01,`);
    for (const [route, csv] of [['/catalog/products/uploads', products], ['/catalog/stores/uploads', stores]]) {
      const job = await uploadCsv(system.gatewayUrl, data, [csv.join('\n') + '\n'], route);
      await waitForUpload(system.gatewayUrl, data, job.id, () => undefined, route);
    }
    const sales = ['week,store,sku,units'];
    for (let w = 0; w < HISTORY_WEEKS; w++) {
      for (let c = 0; c < categories; c++) for (let s = 0; s < clusters; s++) sales.push(`${weekOf(w)},S${s},P${c},${20 + ((c * 7 + s * 3 + w * 5) % 17)}`);
    }
    const job = await uploadCsv(system.gatewayUrl, data, [sales.join('\n') + '\n']);
    await waitForUpload(system.gatewayUrl, data, job.id);
    const analyst = await tokenOf(system.gatewayUrl, 'analyst@tideline.local', password);
    await waitForRun(system.gatewayUrl, analyst, (r) => r.trigger === 'upload', () => undefined);
    // The plan covers a year: forecast 52 weeks ahead.
    const run = await api(system, analyst, 'POST', '/forecast/runs', { horizon: PLAN_WEEKS });
    await waitForRun(system.gatewayUrl, analyst, (r) => r.id === run.id, () => undefined);

    const manager = await tokenOf(system.gatewayUrl, 'manager@tideline.local', password);
    const [from, to] = [weekOf(HISTORY_WEEKS), weekOf(HISTORY_WEEKS + PLAN_WEEKS - 1)];
    const create = await timed(() => api(system, manager, 'POST', '/planning/plans', { name: 'Bench', from, to }));
    const plan = create.result;
    const spread = await timed(() => api(system, manager, 'POST', `/planning/plans/${plan.id}/spread`, { version: plan.version, growthPercent: 5 }));
    // The whole grid as the web app asks for it: rows of weeks (cell objects stop at MAX_GRID_CELL_OBJECTS).
    const grid = await timed(() => api(system, manager, 'GET', `/planning/plans/${plan.id}/cells?format=rows`));
    const cells = grid.result.rows.reduce((n, row) => n + row.plan.length, 0);
    if (cells !== plan.cells) throw new Error(`grid has ${cells} cells, the plan ${plan.cells}`);
    return { system, plan, manager, create, spread, grid };
  } catch (error) {
    await system.stop();
    throw error;
  }
}

/**
 * Stock for the big plan: on hand the week before it and an order due in its fifth week for every
 * category × cluster (one product and store each), and for every tenth category a stock target and
 * a markdown budget (10% over the first quarter of the plan, an amount over the rest).
 */
export async function stockForBigPlan(system, plan, categories, clusters) {
  const data = await tokenOf(system.gatewayUrl, 'data@tideline.local', system.env.DEMO_PASSWORD);
  const stock = ['week,store,sku,on_hand'];
  const orders = ['order,sku,store,due_week,units,cost'];
  for (let c = 0; c < categories; c++) {
    for (let s = 0; s < clusters; s++) {
      stock.push(`${weekOf(HISTORY_WEEKS - 1)},S${s},P${c},${40 + ((c + s) % 30)}`);
      orders.push(`PO-${c}-${s},P${c},S${s},${weekOf(HISTORY_WEEKS + 4)},${60 + ((c * 3 + s) % 20)},50`);
    }
  }
  for (const [route, csv] of [['/sales/stock/uploads', stock], ['/sales/orders/uploads', orders]]) {
    const job = await uploadCsv(system.gatewayUrl, data, [csv.join('\n') + '\n'], route);
    await waitForUpload(system.gatewayUrl, data, job.id, () => undefined, route);
  }
  const manager = await tokenOf(system.gatewayUrl, 'manager@tideline.local', system.env.DEMO_PASSWORD);
  for (let c = 0; c < categories; c += 10) {
    const markdowns = [
      { from: weekOf(HISTORY_WEEKS), to: weekOf(HISTORY_WEEKS + 12), ratePercent: 10 },
      { from: weekOf(HISTORY_WEEKS + 13), to: plan.to, amount: 5000 },
    ];
    await api(system, manager, 'PUT', `/planning/plans/${plan.id}/merchandise-targets/${encodeURIComponent(`Category ${c}`)}`, { version: 0, weeksOfCover: 3, markdowns });
  }
}

/**
 * Plain SQL doing what creating, spreading and loading the plan did, on a table of a row per cell
 * with its key (as budget cells were stored before they became rows of weeks), in the same
 * database: seconds for each, and for loading one category.
 */
export async function planBaselines(system, planId, category) {
  const db = await system.database('planning');
  try {
    const sql = async (text, params) => (await timed(() => db.query(text, params))).seconds;
    await db.query(`CREATE TABLE public.bench_cells AS SELECT * FROM planning.budget_cells WHERE false`);
    await db.query(`ALTER TABLE public.bench_cells ADD PRIMARY KEY (plan_id, category, cluster, week)`);
    const columns = 'category, cluster, week, forecast, plan, locked, version';
    const result = {
      create: await sql(`INSERT INTO public.bench_cells SELECT * FROM planning.budget_cells WHERE plan_id = $1`, [planId]),
      spread: await sql(`UPDATE public.bench_cells SET plan = round(plan * 1.05), version = version + 1`),
      grid: await sql(`SELECT ${columns} FROM public.bench_cells ORDER BY category, cluster, week`),
      category: await sql(`SELECT ${columns} FROM public.bench_cells WHERE category = $1 ORDER BY cluster, week`, [category]),
    };
    await db.query(`DROP TABLE public.bench_cells`);
    return result;
  } finally {
    await db.end();
  }
}
