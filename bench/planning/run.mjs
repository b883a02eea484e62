// bench/planning: a plan of 200 categories × 20 store clusters × 52 weeks (208,000 budget cells)
// through the real system: the time to create it from the forecast, to spread a top-down change
// across every cell, and to load the whole grid through the gateway. Baseline, in the same run:
// the same three operations as single SQL statements on a table of the same shape.
// Usage: npm run bench:planning [-- --categories 200 --clusters 20]
import { option, PLAN_WEEKS, startWithBigPlan, timed } from './big-plan.mjs';

const CATEGORIES = option('categories', 200);
const CLUSTERS = option('clusters', 20);

const { system, plan, create, spread, grid } = await startWithBigPlan({ categories: CATEGORIES, clusters: CLUSTERS });
try {
  // Baseline: the same work as plain SQL on a table of the same shape, in the same database.
  const db = await system.database('planning');
  const sql = async (text, params) => (await timed(() => db.query(text, params))).seconds;
  await db.query(`CREATE TABLE public.bench_cells (LIKE planning.budget_cells INCLUDING ALL)`);
  const sqlCreate = await sql(`INSERT INTO public.bench_cells SELECT * FROM planning.budget_cells WHERE plan_id = $1`, [plan.id]);
  const sqlSpread = await sql(`UPDATE public.bench_cells SET plan = round(plan * 1.05), version = version + 1`);
  const sqlGrid = await sql(`SELECT category, cluster, week, forecast, plan, locked, version FROM public.bench_cells ORDER BY category, cluster, week`);
  await db.end();

  const row = (what, ours, baseline) => `  ${what.padEnd(34)} ${ours.toFixed(2).padStart(6)} s   SQL alone ${baseline.toFixed(2).padStart(5)} s`;
  console.log(`
bench/planning — ${CATEGORIES} categories × ${CLUSTERS} clusters × ${PLAN_WEEKS} weeks = ${plan.cells.toLocaleString()} cells
${row('create the plan from the forecast', create.seconds, sqlCreate)}
${row(`spread +5% over every cell (${spread.result.cellsChanged.toLocaleString()} changed)`, spread.seconds, sqlSpread)}
${row('load the whole grid via the gateway', grid.seconds, sqlGrid)}
  aim: each under 1 s`);
} finally {
  await system.stop();
}
