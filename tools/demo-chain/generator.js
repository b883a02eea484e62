// The demo chain: deterministic (seeded) stores, products and weekly sales with yearly
// seasonality, trends, promotions, store differences, new and discontinued items and slow movers.
// Used by `npm start` (seeding through the real upload path), the benchmarks and the tests.
'use strict';

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same chain everywhere. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ['North', 'South', 'East', 'West'];
const CLUSTERS = ['Flagship', 'Urban', 'Suburban', 'Rural'];
const HIERARCHY = {
  Food: { Dairy: ['Milk', 'Cheese', 'Yogurt'], Bakery: ['Bread', 'Pastry'], Produce: ['Fruit', 'Vegetables', 'Herbs'], Pantry: ['Pasta', 'Sauces', 'Cereal'] },
  Drinks: { 'Soft drinks': ['Cola', 'Juice', 'Water'], 'Hot drinks': ['Coffee', 'Tea'], Beer: ['Lager', 'Craft'] },
  Household: { Cleaning: ['Detergent', 'Surface', 'Dish'], Paper: ['Tissue', 'Kitchen roll'] },
  'Personal care': { 'Hair care': ['Shampoo', 'Conditioner'], 'Oral care': ['Toothpaste', 'Brushes'], Skin: ['Sun care', 'Moisturiser'] },
  Seasonal: { Garden: ['Plants', 'Tools', 'Barbecue'], Holiday: ['Decorations', 'Gifts'] },
};
const BRANDS = ['Acme', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wingtip', 'Litware', 'Proseware', 'Own label'];
/** Week of the year (0-51) when each department peaks, and how strongly. */
const SEASON = { Food: [50, 0.15], Drinks: [28, 0.45], Household: [12, 0.1], 'Personal care': [26, 0.3], Seasonal: [22, 0.9] };

const DAY = 86_400_000;
const pad = (n, width) => String(n).padStart(width, '0');
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Monday `weeks` weeks before the Monday on or before `end`. */
function mondays(end, weeks) {
  const e = Date.parse(end);
  const lastMonday = e - ((new Date(e).getUTCDay() + 6) % 7) * DAY;
  return Array.from({ length: weeks }, (_, i) => lastMonday - (weeks - 1 - i) * 7 * DAY);
}

function stores(count = 40, seed = 7) {
  const rnd = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const cluster = i < 4 ? 'Flagship' : CLUSTERS[1 + Math.floor(rnd() * 3)];
    const opened = i >= count - 3 ? isoDay(Date.UTC(2025, Math.floor(rnd() * 6), 1)) : isoDay(Date.UTC(2010 + Math.floor(rnd() * 10), Math.floor(rnd() * 12), 1));
    return { code: `ST${pad(i + 1, 3)}`, name: `${REGIONS[i % 4]} ${cluster} ${pad(i + 1, 2)}`, region: REGIONS[i % 4], cluster, openedOn: opened, closedOn: null };
  });
}

function products(count = 500, seed = 11) {
  const rnd = random(seed);
  const leaves = [];
  for (const [department, categories] of Object.entries(HIERARCHY)) {
    for (const [category, subcategories] of Object.entries(categories)) {
      for (const subcategory of subcategories) leaves.push({ department, category, subcategory });
    }
  }
  return Array.from({ length: count }, (_, i) => {
    const leaf = leaves[i % leaves.length];
    const brand = BRANDS[Math.floor(rnd() * BRANDS.length)];
    const unitPrice = Math.round((0.8 + rnd() * rnd() * 25) * 100) / 100;
    return {
      sku: `SKU-${pad(i + 1, 5)}`,
      name: `${brand} ${leaf.subcategory} ${pad(i + 1, 3)}`,
      ...leaf,
      brand,
      unitPrice,
      // 55-74% of the price, from the index rather than rnd() so the sales stay as they were.
      unitCost: Math.round(unitPrice * (55 + ((i * 7) % 20))) / 100,
    };
  });
}

/**
 * Weekly sales rows, one object at a time (never the whole history in memory). Each store
 * carries about two thirds of the range; some items start late (new) or stop early (discontinued);
 * one in eight is a slow mover whose weeks are mostly zero.
 */
/** The Monday of the demo chain's last week of sales. */
const DEMO_END = '2026-11-16';

function* salesRows({ storeList = stores(), productList = products(), weeks = 156, end = DEMO_END, seed = 13 } = {}) {
  const rnd = random(seed);
  const calendar = mondays(end, weeks);
  const profile = productList.map((p) => ({
    p,
    base: rnd() < 0.125 ? 0.15 + rnd() * 0.4 : 2 + rnd() * rnd() * 60,
    trend: (rnd() - 0.4) * 0.006,
    first: rnd() < 0.1 ? Math.floor(rnd() * weeks * 0.7) : 0,
    last: rnd() < 0.08 ? Math.floor(weeks * 0.4 + rnd() * weeks * 0.5) : weeks - 1,
    promoEvery: 6 + Math.floor(rnd() * 10),
    promoPhase: Math.floor(rnd() * 10),
  }));
  for (const store of storeList) {
    const size = store.cluster === 'Flagship' ? 2.2 : store.cluster === 'Urban' ? 1.3 : store.cluster === 'Suburban' ? 1 : 0.6;
    const opened = Date.parse(store.openedOn);
    for (const item of profile) {
      if (rnd() > 0.67) continue; // not in this store's range
      const [peak, amplitude] = SEASON[item.p.department];
      for (let w = item.first; w <= item.last; w++) {
        if (calendar[w] < opened) continue;
        const weekOfYear = Math.floor((calendar[w] - Date.UTC(new Date(calendar[w]).getUTCFullYear(), 0, 1)) / (7 * DAY));
        const season = 1 + amplitude * Math.cos((2 * Math.PI * (weekOfYear - peak)) / 52);
        const promo = (w + item.promoPhase) % item.promoEvery === 0;
        const mean = item.base * size * season * (1 + item.trend * w) * (promo ? 1.8 : 1);
        const units = Math.max(0, Math.round(mean + (rnd() + rnd() + rnd() - 1.5) * Math.sqrt(mean) * 1.2));
        const price = promo ? Math.round(item.p.unitPrice * 80) / 100 : item.p.unitPrice;
        yield { week: isoDay(calendar[w]), store: store.code, sku: item.p.sku, units, revenue: Math.round(units * price * 100) / 100, price, promo: promo ? 1 : 0 };
      }
    }
  }
}

const SALES_HEADER = 'week,store,sku,units,revenue,price,promo';
const toCsvLine = (r) => `${r.week},${r.store},${r.sku},${r.units},${r.revenue},${r.price},${r.promo}`;

/**
 * The sales history as CSV text chunks of about `batch` lines each, header first; with
 * `options.only`, just the rows it keeps (the same chain delivered in parts, say).
 */
function* salesCsv(options = {}, batch = 20_000) {
  let lines = [SALES_HEADER];
  for (const row of salesRows(options)) {
    if (options.only && !options.only(row)) continue;
    lines.push(toCsvLine(row));
    if (lines.length >= batch) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}

module.exports = { random, stores, products, salesRows, salesCsv, SALES_HEADER, toCsvLine, DEMO_END };
