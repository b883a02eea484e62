import type { Page, RunView, UploadView } from '@tideline/contracts';
import { call } from './http';

/**
 * A small chain for the forecast and planning tests: 4 products in 2 categories × 2 stores in 2
 * regions and clusters, 110 weeks of seasonal sales (one intermittent series), and the helpers to
 * load it and wait for the forecast runs it starts.
 */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = 86_400_000;
const FIRST_WEEK = Date.UTC(2024, 0, 1); // a Monday
export const WEEKS = 110;
export const weekOf = (i: number) => new Date(FIRST_WEEK + i * 7 * DAY).toISOString().slice(0, 10);

export const PRODUCTS = [
  'sku,name,department,category,subcategory,brand,unit_price,unit_cost',
  'P1,Milk,Food,Dairy,Milk,Acme,1.10,0.77',
  'P2,Cheese,Food,Dairy,Cheese,Acme,2.50,1.75',
  'P3,Cola,Drinks,Soda,Cola,Fizz,1.90,0.95',
  'P4,Lemonade,Drinks,Soda,Lemon,Fizz,1.70,0.85',
].join('\n');
export const STORES = ['store,name,region,cluster,opened_on,closed_on', 'S1,North One,North,Urban,2020-01-01,', 'S2,South One,South,Rural,2020-01-01,'].join('\n');
export const SERIES = ['P1', 'P2', 'P3', 'P4'].flatMap((sku) => ['S1', 'S2'].map((store) => ({ sku, store })));

/** Deterministic weekly demand: a yearly season around a level per series, small noise; P4 in S2 sells every fifth week only. */
export function units(seriesIndex: number, week: number): number {
  if (seriesIndex === 7) return week % 5 === 0 ? 3 + (week % 3) : 0;
  const noise = ((week * 7919 + seriesIndex * 104729) % 11) - 5;
  return Math.max(0, Math.round(40 + 10 * seriesIndex + 12 * Math.sin((2 * Math.PI * week) / 52) + noise));
}

/** The sales of some weeks, of every series or of those `keep` picks (by index in SERIES). */
export const salesCsv = (weeks: number[], unitsOf = units, keep = (_series: number) => true) =>
  [
    'week,store,sku,units',
    ...weeks.flatMap((w) => SERIES.flatMap((s, i) => (keep(i) ? [`${weekOf(w)},${s.store},${s.sku},${unitsOf(i, w)}`] : []))),
  ].join('\n');


/** The small chain's products and stores, uploaded as the data team would. */
export async function uploadSmallCatalog(gatewayUrl: string, token: string): Promise<void> {
  await uploadCsv(gatewayUrl, token, '/catalog/products/uploads', PRODUCTS);
  await uploadCsv(gatewayUrl, token, '/catalog/stores/uploads', STORES);
}

/** Uploads a CSV as `token`'s user and waits for the upload to end. */
export async function uploadCsv(gatewayUrl: string, token: string, route: string, csv: string): Promise<UploadView> {
  const res = await fetch(`${gatewayUrl}/api${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  if (res.status !== 202) throw new Error(`upload to ${route}: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  for (let i = 0; i < 300; i++) {
    const answer = await call<UploadView>(gatewayUrl, 'GET', `/api${route}/${id}`, { token });
    if (answer.body.status === 'completed' || answer.body.status === 'failed') return answer.body;
    await sleep(200);
  }
  throw new Error(`upload ${id} did not finish`);
}

/** Waits for the newest forecast run that `find` picks to end. */
export async function runFinished(gatewayUrl: string, token: string, find: (run: RunView) => boolean, timeoutMs = 60_000): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await call<Page<RunView>>(gatewayUrl, 'GET', '/api/forecast/runs?pageSize=50', { token });
    const run = runs.body.items.find(find);
    if (run && (run.status === 'completed' || run.status === 'failed')) return run;
    if (Date.now() > deadline) throw new Error(`no finished run: ${JSON.stringify(runs.body)}`);
    await sleep(300);
  }
}
