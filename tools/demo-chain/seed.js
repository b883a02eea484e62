// Seeds the demo chain through the public API, exactly as the data team would load it:
// stores and products through the catalog routes, three years of sales as one streamed CSV upload.
'use strict';
const { Readable } = require('node:stream');
const { DEMO_END, productLifecycle, products, salesCsv, stores } = require('./generator');

/** How long the seeding keeps retrying a request that met a limit (429) or a passing failure. */
const RETRY_FOR_MS = 5 * 60_000;
/** Answers worth retrying: too many requests, and a gateway or service that is briefly away. */
const TRANSIENT = new Set([429, 502, 503, 504]);

/**
 * Runs `attempt` until it gives an answer that is not transient: a 429 waits as its Retry-After
 * says, a 5xx of a briefly absent service or a network error waits 1, 2, 4… s (at most 15), for up
 * to RETRY_FOR_MS. Someone else's burst of logins, or a service restarting, does not end the seeding.
 */
async function withRetries(attempt, what, log = () => undefined) {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (let tries = 0; ; tries++) {
    let outcome;
    try {
      outcome = await attempt();
    } catch (error) {
      outcome = { error };
    }
    const transient = outcome.error !== undefined || TRANSIENT.has(outcome.status);
    if (!transient) return outcome;
    if (Date.now() > deadline) {
      if (outcome.error) throw outcome.error;
      return outcome;
    }
    const retryAfter = Number(outcome.headers?.get('retry-after'));
    const waitMs = outcome.status === 429 && retryAfter > 0 ? retryAfter * 1000 : Math.min(1000 * 2 ** tries, 15_000);
    log(`  … ${what}: ${outcome.error ? outcome.error.message : outcome.status}; trying again in ${Math.round(waitMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, waitMs));
  }
}

async function api(gatewayUrl, token, method, route, body, log = () => undefined) {
  return withRetries(async () => {
    const res = await fetch(`${gatewayUrl}/api${route}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }, `${method} ${route}`, log);
}

const csvLine = (values) => values.map((v) => (v === null || v === undefined ? '' : String(v))).join(',');

/** The master data as the catalog's CSV imports take it. */
const storesCsv = (list) =>
  [
    'store,name,region,cluster,opened_on,closed_on,like_store',
    ...list.map((s) => csvLine([s.code, s.name, s.region, s.cluster, s.openedOn, s.closedOn, s.likeStore])),
  ].join('\n') + '\n';
const productsCsv = (list) => {
  const lifecycle = productLifecycle({ productList: list });
  return (
    [
      'sku,name,department,category,subcategory,brand,unit_price,unit_cost,like_sku,like_from,discontinued_on,successor_sku',
      ...list.map((p) => {
        const life = lifecycle.get(p.sku);
        return csvLine([p.sku, p.name, p.department, p.category, p.subcategory, p.brand, p.unitPrice, p.unitCost, life.likeSku, life.likeFrom, life.discontinuedOn, life.successorSku]);
      }),
    ].join('\n') + '\n'
  );
};

/**
 * Uploads `chunks` (an iterable of CSV text, or a function making one, so that a refused or cut-off
 * upload can be sent again from the start) as one streamed text/csv body to `route`; resolves with
 * the job. A file sent again restates the same rows, so a retry is safe.
 */
async function uploadCsv(gatewayUrl, token, chunks, route = '/sales/uploads') {
  const source = typeof chunks === 'function' ? chunks : () => chunks;
  const answer = await withRetries(async () => {
    const res = await fetch(`${gatewayUrl}/api${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: Readable.toWeb(Readable.from(source())),
      duplex: 'half',
    });
    return { status: res.status, headers: res.headers, body: await res.json() };
  }, `upload to ${route}`);
  if (answer.status !== 202) throw new Error(`upload: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function waitForUpload(gatewayUrl, token, id, onProgress = () => undefined, route = '/sales/uploads') {
  for (;;) {
    const { status, body } = await api(gatewayUrl, token, 'GET', `${route}/${id}`);
    if (status === 200 && (body.status === 'completed' || body.status === 'failed')) return body;
    if (status === 200) onProgress(body); // a 404 means still queued, before the service picked it up
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Loads stores and products through the catalog's CSV imports; fails loudly on any rejected row. */
async function importCatalog(gatewayUrl, token, storeList, productList) {
  for (const [route, csv] of [['/catalog/stores/uploads', storesCsv(storeList)], ['/catalog/products/uploads', productsCsv(productList)]]) {
    const job = await uploadCsv(gatewayUrl, token, [csv], route);
    const done = await waitForUpload(gatewayUrl, token, job.id, undefined, route);
    if (done.status !== 'completed' || done.rowsRejected > 0) throw new Error(`${route}: ${JSON.stringify(done)}`);
  }
}

/**
 * Seeds once: a completed upload means the chain is there, and nothing is done twice. `size`
 * makes a smaller chain of the same kind (tests). With `size.lateWeeks`, the last weeks arrive
 * in a second upload after the first forecast, as next week's file would: the forecast meets
 * their sales, so accuracy has something to show. Waiting for that forecast takes someone who
 * may read runs (`forecastReader`). Resolves with the id of the last sales upload, or false when
 * the chain was already there.
 */
async function seedDemoChain(gatewayUrl, { email, password }, log = console.log, size = {}, forecastReader = undefined) {
  const token = await tokenOf(gatewayUrl, email, password, log);
  const uploads = await api(gatewayUrl, token, 'GET', '/sales/uploads?pageSize=50', undefined, log);
  if (uploads.status !== 200) throw new Error(`listing the sales uploads failed (${uploads.status})`);
  const loaded = uploads.body.items.filter((u) => u.status === 'completed' && !u.dryRun);
  // The chain is whole once its last week is in; a start cut short may have loaded only the first part.
  if (loaded.some((u) => (u.weeks ?? []).includes(DEMO_END))) {
    log('▸ Demo chain already loaded');
    return false;
  }
  const lateFrom = size.lateWeeks ? isoDay(Date.parse(DEMO_END) - (size.lateWeeks - 1) * WEEK_MS) : null;
  const firstPart = loaded.find((u) => lateFrom && (u.weeks ?? []).includes(isoDay(Date.parse(lateFrom) - WEEK_MS)));
  let first = firstPart?.id;
  if (first) {
    log(`▸ Finishing the demo chain that an earlier start left without its last ${size.lateWeeks} weeks…`);
  } else {
    const storeList = stores(size.stores);
    const productList = products(size.products);
    log(`▸ Seeding the demo chain: ${storeList.length} stores, ${productList.length} products…`);
    await importCatalog(gatewayUrl, token, storeList, productList);
    log('▸ Uploading three years of weekly sales through /api/sales/uploads…');
    first = await loadSales(gatewayUrl, token, { ...size, only: lateFrom ? (row) => row.week < lateFrom : undefined }, log);
  }
  if (!lateFrom) return first;
  log(`▸ Forecasting from the sales before ${lateFrom}, so that the last ${size.lateWeeks} weeks measure accuracy…`);
  const reader = await tokenOf(gatewayUrl, forecastReader.email, forecastReader.password, log);
  await waitForRun(gatewayUrl, reader, (run) => run.scope.uploadId === first, log);
  log(`▸ Uploading the sales from ${lateFrom} on…`);
  return loadSales(gatewayUrl, token, { ...size, only: (row) => row.week >= lateFrom }, log);
}

const WEEK_MS = 7 * 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Uploads the demo sales that `size.only` keeps; resolves with the upload's id. */
async function loadSales(gatewayUrl, token, size, log) {
  const started = Date.now();
  const job = await uploadCsv(gatewayUrl, token, () => demoSalesCsv(size));
  const done = await waitForUpload(gatewayUrl, token, job.id, (u) => log(`  … ${u.rowsRead.toLocaleString()} rows read (${Math.round(u.progress * 100)}%)`));
  if (done.status !== 'completed') throw new Error(`demo seeding: the sales upload failed: ${done.error}`);
  log(`▸ Loaded ${done.rowsAccepted.toLocaleString()} sales rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return job.id;
}

async function tokenOf(gatewayUrl, email, password, log = () => undefined) {
  const answer = await api(gatewayUrl, undefined, 'POST', '/auth/login', { email, password }, log);
  if (answer.status !== 200) throw new Error(`login as ${email} failed (${answer.status})`);
  return answer.body.accessToken;
}

/**
 * Waits for the forecast run that `find` picks (newest first) to end, logging its progress; resolves
 * with the finished run. The upload of the demo chain starts one by itself (sales.batch.ingested).
 * `token`: an access token, or a function that signs in again, for waits longer than a token lives
 * (a refused token is otherwise an error, not a retry).
 */
async function waitForRun(gatewayUrl, token, find, log = console.log, timeoutMs = 30 * 60_000) {
  const deadline = Date.now() + timeoutMs;
  let shown = -1;
  let current = typeof token === 'function' ? await token() : token;
  for (;;) {
    const answer = await api(gatewayUrl, current, 'GET', '/forecast/runs?pageSize=20');
    if (answer.status === 401) {
      if (typeof token !== 'function') throw new Error(`GET /forecast/runs: 401 ${JSON.stringify(answer.body)}`);
      current = await token();
      continue;
    }
    const run = answer.status === 200 ? answer.body.items.find(find) : undefined;
    if (run && (run.status === 'completed' || run.status === 'failed')) return run;
    if (run && run.seriesTotal > 0 && Date.now() - shown > 5000) {
      shown = Date.now();
      log(`  … ${run.seriesDone.toLocaleString()} of ${run.seriesTotal.toLocaleString()} series forecast`);
    }
    if (Date.now() > deadline) throw new Error(`the forecast run did not finish within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * `npm start`: the demo chain's first forecast, so that both apps show forecasts at once. A chain
 * just seeded gets it from the run its upload starts; a chain loaded before forecasting existed
 * (an older version's database) gets a run started here. Later starts find a run and go on.
 */
async function waitForDemoForecast(gatewayUrl, { email, password }, { seeded }, log = console.log) {
  const token = await tokenOf(gatewayUrl, email, password);
  const started = Date.now();
  if (!seeded) {
    const runs = await api(gatewayUrl, token, 'GET', '/forecast/runs?pageSize=1');
    if (runs.status !== 200) throw new Error(`listing forecast runs failed (${runs.status})`);
    if (runs.body.items.some((r) => r.status === 'completed')) return;
    if (runs.body.total === 0) await api(gatewayUrl, token, 'POST', '/forecast/runs', {});
  }
  log('▸ Forecasting every series of the demo chain…');
  // A chain just seeded: the run its last upload started (an earlier upload's run may be newer in the list until then).
  const run = await waitForRun(gatewayUrl, token, typeof seeded === 'string' ? (r) => r.scope.uploadId === seeded : () => true, log);
  // A failed run does not stop the system: the apps show it, and an analyst can start another.
  if (run.status !== 'completed') return log(`⚠ The demo forecast run failed: ${run.error}`);
  log(`▸ Forecast ${run.seriesTotal.toLocaleString()} series, ${run.horizon} weeks ahead, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The sales CSV of a demo chain of `size`, as seedDemoChain uploads it (`size.only` keeps part of it). */
const demoSalesCsv = (size = {}) => salesCsv({ storeList: stores(size.stores), productList: products(size.products), only: size.only });

const { markSeeded, markSeeding } = require('./seeding-flag');
const { seedDemoPlans, DEMO_PLANS } = require('./demo-plans');
/** See demo-stock.js (loaded when called: it uploads through this module). */
const seedDemoStock = (...args) => require('./demo-stock').seedDemoStock(...args);

module.exports = { markSeeded, markSeeding, importCatalog, seedDemoChain, seedDemoPlans, seedDemoStock, DEMO_PLANS, tokenOf, uploadCsv, waitForDemoForecast, waitForRun, waitForUpload, demoSalesCsv };
