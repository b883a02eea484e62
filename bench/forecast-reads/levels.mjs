// The reads of GET /api/forecast/series at every level, timed, as bench/forecast-reads and bench/scale use them.

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One series and every aggregate level of the chain behind `get` (a GET of the API answering JSON). */
export async function readsOf(get) {
  const [item] = (await get('/forecast/series/list?pageSize=1&sort=sku')).items;
  const product = await get(`/catalog/products/${encodeURIComponent(item.sku)}`);
  return [
    ['one series', { sku: item.sku, store: item.store }],
    ['chain', {}],
    ['department', { department: product.department }],
    ['category', { category: item.category }],
    ['subcategory', { subcategory: product.subcategory }],
    ['region', { region: item.region }],
    ['cluster', { cluster: item.cluster }],
    ['category × region', { category: item.category, region: item.region }],
  ];
}

/** The median ms of `times` reads after a first one (timed apart: it may fill a cache), and the series the answer sums. */
export async function timeRead(get, selector, times) {
  const route = `/forecast/series?${new URLSearchParams(selector)}`;
  const firstStarted = performance.now();
  const { series } = await get(route);
  const first = performance.now() - firstStarted;
  const measured = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await get(route);
    measured.push(performance.now() - started);
  }
  return { ms: median(measured), first, series };
}
