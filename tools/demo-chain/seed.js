// Seeds the demo chain through the public API, exactly as the data team would load it:
// stores and products through the catalog routes, three years of sales as one streamed CSV upload.
'use strict';
const { Readable } = require('node:stream');
const { products, salesCsv, stores } = require('./generator');

async function api(gatewayUrl, token, method, route, body) {
  const res = await fetch(`${gatewayUrl}/api${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel(items, width, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function createAll(gatewayUrl, token, route, items) {
  await inParallel(items, 8, async (item) => {
    const { status, body } = await api(gatewayUrl, token, 'POST', route, item);
    if (status !== 201 && status !== 409) throw new Error(`POST ${route}: ${status} ${JSON.stringify(body)}`);
  });
}

/** Uploads `chunks` (an iterable of CSV text) as one streamed text/csv body; resolves with the job. */
async function uploadCsv(gatewayUrl, token, chunks, query = '') {
  const res = await fetch(`${gatewayUrl}/api/sales/uploads${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: Readable.toWeb(Readable.from(chunks)),
    duplex: 'half',
  });
  const body = await res.json();
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function waitForUpload(gatewayUrl, token, id, onProgress = () => undefined) {
  for (;;) {
    const { status, body } = await api(gatewayUrl, token, 'GET', `/sales/uploads/${id}`);
    if (status === 200 && (body.status === 'completed' || body.status === 'failed')) return body;
    if (status === 200) onProgress(body); // a 404 means still queued, before the service picked it up
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Seeds once: a completed upload means the chain is there, and nothing is done twice. */
async function seedDemoChain(gatewayUrl, { email, password }, log = console.log) {
  const login = await fetch(`${gatewayUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`demo seeding: login as ${email} failed (${login.status})`);
  const { accessToken: token } = await login.json();
  const uploads = await api(gatewayUrl, token, 'GET', '/sales/uploads?pageSize=50');
  if (uploads.body.items.some((u) => u.status === 'completed' && !u.dryRun)) {
    log('▸ Demo chain already loaded');
    return;
  }
  const storeList = stores();
  const productList = products();
  log(`▸ Seeding the demo chain: ${storeList.length} stores, ${productList.length} products…`);
  await createAll(gatewayUrl, token, '/catalog/stores', storeList);
  await createAll(gatewayUrl, token, '/catalog/products', productList);
  log('▸ Uploading three years of weekly sales through /api/sales/uploads…');
  const started = Date.now();
  const job = await uploadCsv(gatewayUrl, token, salesCsv({ storeList, productList }));
  const done = await waitForUpload(gatewayUrl, token, job.id, (u) => log(`  … ${u.rowsRead.toLocaleString()} rows read (${Math.round(u.progress * 100)}%)`));
  if (done.status !== 'completed') throw new Error(`demo seeding: the sales upload failed: ${done.error}`);
  log(`▸ Loaded ${done.rowsAccepted.toLocaleString()} sales rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

module.exports = { createAll, seedDemoChain, uploadCsv, waitForUpload };
