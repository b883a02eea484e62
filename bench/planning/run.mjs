// bench/planning: a plan of 200 categories × 20 store clusters × 52 weeks (208,000 budget cells)
// through the real system: the time to create it from the forecast, to spread a top-down change
// across every cell, and to load the whole grid through the gateway. Baseline, in the same run:
// the same three operations as single SQL statements on a table of the same shape. Stock measures:
// with stock counted and orders placed for every category × cluster, a spread followed by the
// whole plan's open-to-buy (units, value, markdowns, margin by fiscal month) against the same
// spread alone (units only), measured in the same run; the aim is within 2× of it.
// Usage: npm run bench:planning [-- --categories 200 --clusters 20]
import { api, option, planBaselines, PLAN_WEEKS, startWithBigPlan, stockForBigPlan, timed } from './big-plan.mjs';

const CATEGORIES = option('categories', 200);
const CLUSTERS = option('clusters', 20);

const { system, plan, create, spread, grid, manager } = await startWithBigPlan({ categories: CATEGORIES, clusters: CLUSTERS });
try {
  // What the grid needs first: one category's clusters and weeks.
  const category = grid.result.rows[0].category;
  const oneCategory = await timed(() => api(system, manager, 'GET', `/planning/plans/${plan.id}/cells?category=${encodeURIComponent(category)}`));
  // The whole grid as cell objects: refused past 50,000 cells, with the reason.
  const asCells = await fetch(`${system.gatewayUrl}/api/planning/plans/${plan.id}/cells`, { headers: { authorization: `Bearer ${manager}` } });
  const refusal = `${asCells.status} ${(await asCells.json()).message}`;
  // Baseline: the same work as plain SQL on a row per cell, in the same database.
  const baseline = await planBaselines(system, plan.id, category);

  // Stock measures: every category × cluster has stock and an order; every tenth category a target and a markdown budget.
  await stockForBigPlan(system, plan, CATEGORIES, CLUSTERS);
  const spreadAgain = async () => {
    const { version } = await api(system, manager, 'GET', `/planning/plans/${plan.id}`);
    return api(system, manager, 'POST', `/planning/plans/${plan.id}/spread`, { version, growthPercent: 5 });
  };
  const unitsOnly = await timed(spreadAgain);
  const withStock = await timed(async () => {
    await spreadAgain();
    return api(system, manager, 'GET', `/planning/plans/${plan.id}/open-to-buy?period=month`);
  });
  const stockRows = withStock.result.rows.length * withStock.result.periods.length;

  const row = (what, ours, baseline) => `  ${what.padEnd(34)} ${ours.toFixed(2).padStart(6)} s   SQL alone ${baseline.toFixed(2).padStart(5)} s`;
  console.log(`
bench/planning — ${CATEGORIES} categories × ${CLUSTERS} clusters × ${PLAN_WEEKS} weeks = ${plan.cells.toLocaleString()} cells
${row('create the plan from the forecast', create.seconds, baseline.create)}
${row(`spread +5% over every cell (${spread.result.cellsChanged.toLocaleString()} changed)`, spread.seconds, baseline.spread)}
${row(`load the whole grid as rows of weeks (${grid.result.rows.length} rows)`, grid.seconds, baseline.grid)}
${row(`load one category (${oneCategory.result.cells.length} cells)`, oneCategory.seconds, baseline.category)}
  aim: each under 1 s
${row(`spread, units only`, unitsOnly.seconds, baseline.spread)}
${row(`spread + open-to-buy (${stockRows.toLocaleString()} row × months)`, withStock.seconds, baseline.spread)}
  stock measures: ${(withStock.seconds / unitsOnly.seconds).toFixed(2)}× the units-only spread (aim: within 2×)
  the whole grid as cell objects: ${refusal}`);
} finally {
  await system.stop();
}
