// bench/planning-web: the budget grid of a 200-category × 20-cluster × 52-week plan in Chromium.
// Times opening the page to the first rows, opening every category (4,000 cluster rows), the
// frames of scrolling top to bottom with categories closed and open, and an edit (one cell, and a
// category's week spread over its clusters) from Enter until the grid shows it. Baselines in the
// same run: loading the same grid through the gateway without a browser; the same scroll over a
// plain (not virtual) HTML grid of as many rows and columns, which is what a grid without virtual
// scrolling would have to draw; and, for an edit, the same change through the gateway followed by
// loading every cell again, which is what the page did after each edit before it patched them in.
// Usage: npm run bench:planning-web [-- --categories 200 --clusters 20]
import { api, option, PLAN_WEEKS, startWithBigPlan, timed } from '../planning/big-plan.mjs';
import { editCell, launchChromium, openBudget, signedInPage } from './budget-page.mjs';

const CATEGORIES = option('categories', 200);
const CLUSTERS = option('clusters', 20);
const SCROLL_FRAMES = 240;
/** About what a fast mouse wheel moves per frame. */
const WHEEL_PX = 120;

/**
 * Scrolls `selector` over SCROLL_FRAMES animation frames, from top to bottom (a fling) or by
 * `pxPerFrame` each frame (a fast mouse wheel); the frame times in ms.
 */
function scrollFrames(page, selector, pxPerFrame = 0) {
  return page.evaluate(
    ([sel, steps, px]) =>
      new Promise((resolve) => {
        const el = document.querySelector(sel);
        const max = px > 0 ? Math.min(px * steps, el.scrollHeight - el.clientHeight) : el.scrollHeight - el.clientHeight;
        const times = [];
        let i = 0;
        let last = performance.now();
        const tick = (now) => {
          times.push(now - last);
          last = now;
          el.scrollTop = (max * ++i) / steps;
          if (i < steps) requestAnimationFrame(tick);
          else resolve(times.slice(1));
        };
        el.scrollTop = 0;
        requestAnimationFrame(tick);
      }),
    [selector, SCROLL_FRAMES, pxPerFrame],
  );
}

const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(1).padStart(5)} ms   p95 ${at(0.95).toFixed(1).padStart(6)} ms   frames over 50 ms: ${sorted.filter((t) => t > 50).length}/${sorted.length}`;
};

/** A plain grid of `rows` × (6 + weeks) cells in a scroll box, drawn all at once. */
const plainGrid = (rows, weeks) => `<!doctype html><html><body style="margin:0;font:14px sans-serif">
<div id="scroller" style="height:520px;overflow:auto"><div id="rows"></div></div>
<script>
  const html = [];
  for (let r = 0; r < ${rows}; r++) {
    let cells = '<span style="display:inline-block;width:220px">Category ' + r + '</span>';
    for (let c = 0; c < ${6 + weeks}; c++) cells += '<span style="display:inline-block;width:76px;text-align:right">' + ((r * 7 + c * 13) % 997) + '</span>';
    html.push('<div style="height:36px;white-space:nowrap;border-bottom:1px solid #ddd">' + cells + '</div>');
  }
  document.getElementById('rows').innerHTML = html.join('');
</script></body></html>`;

const { system, plan, grid, manager } = await startWithBigPlan({ categories: CATEGORIES, clusters: CLUSTERS, web: true });
const browser = await launchChromium();
try {
  const web = system.webUrl('planning-web');
  const page = await signedInPage(browser, web, 'manager@tideline.local', system.env.DEMO_PASSWORD);
  const open = await openBudget(page, web, plan.id);
  const closed = await scrollFrames(page, '.viewport');

  let started = performance.now();
  await page.getByRole('button', { name: 'Open all' }).click();
  await page.locator('.level-cluster').first().waitFor({ timeout: 60_000 });
  const expand = (performance.now() - started) / 1000;
  const rows = await page.evaluate(() => document.querySelector('[role="grid"]').getAttribute('aria-rowcount') - 1);
  const opened = await scrollFrames(page, '.viewport');
  const wheel = await scrollFrames(page, '.viewport', WHEEL_PX);

  // Row 1 is the first category, row 2 its first cluster (every category is open).
  const cellEdit = await editCell(page, 2, 4321, ': 4321 saved');
  const categoryEdit = await editCell(page, 1, 98765, ': 98765 spread saved');
  const [first] = grid.result.rows;
  const current = (await api(system, manager, 'GET', `/planning/plans/${plan.id}/cells?category=${encodeURIComponent(first.category)}&cluster=${encodeURIComponent(first.cluster)}`)).cells[0];
  const oldWay = await timed(async () => {
    await api(system, manager, 'PATCH', `/planning/plans/${plan.id}/cells`, { category: current.category, cluster: current.cluster, week: current.week, version: current.version, units: 1234 });
    await api(system, manager, 'GET', `/planning/plans/${plan.id}/cells?format=rows`);
  });

  const plain = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  started = performance.now();
  await plain.setContent(plainGrid(rows, PLAN_WEEKS));
  const plainOpen = (performance.now() - started) / 1000;
  const plainFrames = await scrollFrames(plain, '#scroller');

  console.log(`
bench/planning-web — ${CATEGORIES} categories × ${CLUSTERS} clusters × ${PLAN_WEEKS} weeks = ${plan.cells.toLocaleString()} cells, headless Chromium
  open the budget page to its first rows    ${open.toFixed(2).padStart(6)} s   the same grid via the gateway, no browser ${grid.seconds.toFixed(2)} s
  open every category (${rows.toLocaleString()} rows)         ${expand.toFixed(2).padStart(6)} s
  scroll top to bottom, categories closed   ${summary(closed)}
  scroll top to bottom, all open            ${summary(opened)}
  scroll ${WHEEL_PX} px a frame, all open           ${summary(wheel)}
  baseline: a plain grid of ${rows.toLocaleString()} rows drawn at once: ${plainOpen.toFixed(2)} s to draw, scroll ${summary(plainFrames)}
  edit one cell, Enter to shown             ${cellEdit.toFixed(2).padStart(6)} s
  edit a category's week (a spread)         ${categoryEdit.toFixed(2).padStart(6)} s
  baseline: the cell edit, then every cell loaded again via the gateway, no browser: ${oldWay.seconds.toFixed(2)} s`);
} finally {
  await browser.close();
  await system.stop();
}
