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

/** The Monday of the demo chain's last week of sales. */
const DEMO_END = '2026-11-16';

function stores(count = 40, seed = 7) {
  const rnd = random(seed);
  const list = Array.from({ length: count }, (_, i) => {
    const cluster = i < 4 ? 'Flagship' : CLUSTERS[1 + Math.floor(rnd() * 3)];
    const opened = i >= count - 3 ? isoDay(Date.UTC(2025, Math.floor(rnd() * 6), 1)) : isoDay(Date.UTC(2010 + Math.floor(rnd() * 10), Math.floor(rnd() * 12), 1));
    return { code: `ST${pad(i + 1, 3)}`, name: `${REGIONS[i % 4]} ${cluster} ${pad(i + 1, 2)}`, region: REGIONS[i % 4], cluster, openedOn: opened, closedOn: null, likeStore: null };
  });
  // The three newest stores are forecast like an older store of their cluster; the tenth closed five weeks before the end.
  for (const store of list.slice(-3)) store.likeStore = list.find((s) => s.cluster === store.cluster && !list.slice(-3).includes(s))?.code ?? null;
  if (list.length > 9) list[9].closedOn = isoDay(Date.parse(DEMO_END) - 5 * 7 * DAY);
  return list;
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

/** A number in [0, 1) from a text: draws that must not move the chain's main random sequence. */
function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return random(h)();
}

/**
 * Each product's demand: level, trend, promotion rhythm, and the weeks it sells (`first` > 0: new;
 * `last` before the end: discontinued). Then its life as the catalog knows it: a discontinued
 * product hands over to a new one of its subcategory (its successor, launched the week after, at
 * about its level and in its stores); two in three other new products are like an established one of
 * their subcategory (about its level and trend), named as their like-item from their launch; the
 * rest are the subcategory's guess. These links use no draw of `rnd`, so the rest of the chain stays as it was.
 */
function productProfiles(productList, weeks, calendar, rnd) {
  const profile = productList.map((p, index) => ({
    p,
    index,
    base: rnd() < 0.125 ? 0.15 + rnd() * 0.4 : 2 + rnd() * rnd() * 60,
    trend: (rnd() - 0.4) * 0.006,
    first: rnd() < 0.1 ? Math.floor(rnd() * weeks * 0.7) : 0,
    last: rnd() < 0.08 ? Math.floor(weeks * 0.4 + rnd() * weeks * 0.5) : weeks - 1,
    promoEvery: 6 + Math.floor(rnd() * 10),
    promoPhase: Math.floor(rnd() * 10),
  }));
  const leafOf = (item) => `${item.p.department}/${item.p.category}/${item.p.subcategory}`;
  const linked = new Set();
  const take = (item, like, first) => {
    linked.add(item);
    item.original = { ...item };
    item.like = like;
    item.first = first;
    item.base = like.base * (0.75 + 0.5 * hash(`level ${item.p.sku}`));
    item.trend = like.trend;
  };
  for (const ended of profile.filter((i) => i.last < weeks - 1)) {
    const successor = profile.find((j) => j.first > 0 && !linked.has(j) && j.last === weeks - 1 && leafOf(j) === leafOf(ended));
    if (!successor || ended.last + 1 >= weeks) continue;
    take(successor, ended, ended.last + 1);
    successor.rangedLike = ended; // sells where its predecessor sold
    ended.successor = successor;
  }
  for (const item of profile.filter((j) => j.first > 0 && !linked.has(j))) {
    if (item.index % 3 === 0) continue; // no like-item named: the subcategory's average is its guess
    const like = profile.find((k) => k.first === 0 && k.last === weeks - 1 && leafOf(k) === leafOf(item));
    if (like) take(item, like, item.first);
  }
  for (const item of profile) {
    item.lifecycle = {
      likeSku: item.like ? item.like.p.sku : null,
      likeFrom: item.like ? isoDay(calendar[item.first]) : null,
      discontinuedOn: item.last < weeks - 1 ? isoDay(calendar[item.last + 1]) : null,
      successorSku: item.successor ? item.successor.p.sku : null,
    };
  }
  return profile;
}

/** The catalog's lifecycle fields of each product (likeSku, likeFrom, discontinuedOn, successorSku), by SKU. */
function productLifecycle({ productList = products(), weeks = 156, end = DEMO_END, seed = 13 } = {}) {
  const profiles = productProfiles(productList, weeks, mondays(end, weeks), random(seed));
  return new Map(profiles.map((item) => [item.p.sku, item.lifecycle]));
}

/** Series with empty shelves now and then (about one in sixteen), and their weeks out of stock (about one in ten). */
const STOCKOUT_SERIES = 0.06;
const STOCKOUT_WEEKS = 0.1;

/**
 * Weekly sales rows, one object at a time (never the whole history in memory). Each store carries
 * about two thirds of the range; some items start late (new) or stop early (discontinued); one in
 * eight is a slow mover whose weeks are mostly zero. `demand` is what shoppers wanted (`mean` its
 * expectation, before the week's noise); `units` what
 * sold, less in a week out of stock (`stockout` 1). A store with `closedOn` sells nothing from then.
 */
function* salesRows({ storeList = stores(), productList = products(), weeks = 156, end = DEMO_END, seed = 13 } = {}) {
  const rnd = random(seed);
  const calendar = mondays(end, weeks);
  const profile = productProfiles(productList, weeks, calendar, rnd);
  const weekRows = (item, store, size, draw) => {
    const rows = [];
    const [peak, amplitude] = SEASON[item.p.department];
    const opened = Date.parse(store.openedOn);
    for (let w = item.first; w <= item.last; w++) {
      if (calendar[w] < opened) continue;
      const weekOfYear = Math.floor((calendar[w] - Date.UTC(new Date(calendar[w]).getUTCFullYear(), 0, 1)) / (7 * DAY));
      const season = 1 + amplitude * Math.cos((2 * Math.PI * (weekOfYear - peak)) / 52);
      const promo = (w + item.promoPhase) % item.promoEvery === 0;
      const mean = item.base * size * season * (1 + item.trend * w) * (promo ? 1.8 : 1);
      const demand = Math.max(0, Math.round(mean + (draw() + draw() + draw() - 1.5) * Math.sqrt(mean) * 1.2));
      rows.push({ w, demand, promo, mean });
    }
    return rows;
  };
  for (const store of storeList) {
    const size = store.cluster === 'Flagship' ? 2.2 : store.cluster === 'Urban' ? 1.3 : store.cluster === 'Suburban' ? 1 : 0.6;
    const closed = store.closedOn ? Date.parse(store.closedOn) : Infinity;
    // The main sequence is drawn exactly as before the lifecycle links, so unlinked items keep their sales.
    const drawn = profile.map((item) => {
      const ranged = rnd() <= 0.67;
      return { ranged, rows: ranged ? weekRows(item.original ?? item, store, size, rnd) : [] };
    });
    for (const item of profile) {
      let rows = drawn[item.index].rows;
      if (item.original) {
        const ranged = drawn[(item.rangedLike ?? item).index].ranged; // a successor sells where its predecessor sold
        rows = ranged ? weekRows(item, store, size, random(Math.floor(hash(`${store.code} ${item.p.sku}`) * 2 ** 32))) : [];
      }
      const shortShelves = hash(`shelf ${store.code} ${item.p.sku}`) < STOCKOUT_SERIES;
      for (const { w, demand, promo, mean } of rows) {
        if (calendar[w] >= closed) continue;
        const stockout = shortShelves && hash(`out ${store.code} ${item.p.sku} ${w}`) < STOCKOUT_WEEKS;
        const units = stockout ? Math.floor(demand * hash(`left ${store.code} ${item.p.sku} ${w}`) * 0.5) : demand;
        const price = promo ? Math.round(item.p.unitPrice * 80) / 100 : item.p.unitPrice;
        yield { week: isoDay(calendar[w]), store: store.code, sku: item.p.sku, units, demand, mean, revenue: Math.round(units * price * 100) / 100, price, promo: promo ? 1 : 0, stockout: stockout ? 1 : 0 };
      }
    }
  }
}

const SALES_HEADER = 'week,store,sku,units,revenue,price,promo,stockout';
const toCsvLine = (r) => `${r.week},${r.store},${r.sku},${r.units},${r.revenue},${r.price},${r.promo},${r.stockout}`;

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

module.exports = { random, stores, products, productLifecycle, salesRows, salesCsv, SALES_HEADER, toCsvLine, DEMO_END };
