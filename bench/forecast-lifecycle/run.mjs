// bench:forecast-lifecycle — what history hides, on the demo chain, whose generator knows what
// shoppers wanted (`demand`) before empty shelves cut it (`units`), and which products and stores
// are new, which end, and which succeed which. The engine with the lifecycle rules (the service's:
// phaseIn with referenceGroups, fillCensored, activeWeeks, succeed) against the engine without them
// (each series from its own sales), forecasting 13 weeks from several origins:
//   validation origins: weeks 91, 104 and 117 of 156 (every rule and setting is chosen here);
//   test origins:       weeks 130 and 143 (read once, to report).
// Measures:
//   new series (new products, new stores): WAPE, bias and 80% coverage on their first 13 weeks;
//   successors of discontinued products: WAPE on their first 13 weeks;
//   series with weeks out of stock: bias and WAPE against demand;
//   ended series (discontinued products, closed stores): units forecast after the end.
// Usage: npm run bench:forecast-lifecycle [-- --stores 40 --products 500]
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { loadEngine } = require('../../tools/forecast/engine.js');
const { productLifecycle, products, salesRows, stores } = require('../../tools/demo-chain/generator.js');
const engine = loadEngine();

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const WEEKS = 156;
const HORIZON = 13;
const SEASON = 52;
const NEW_WEEKS = 13; // "new": the first 13 weeks of a series
const YOUNG_WEEKS = 52; // settings are chosen on series up to a year old, all 13 weeks ahead: the phase-in reaches that far
// Origins every 4 weeks through the chain's life (the index of the last week of history), so that
// new products and stores meet many; validation and test split the products (even and odd index),
// so no rule is chosen on a series it is scored on.
const ALL_ORIGINS = Array.from({ length: 30 }, (_, i) => 26 + 4 * i).filter((o) => o + HORIZON < WEEKS);
const ORIGINS = { validation: ALL_ORIGINS, test: ALL_ORIGINS };
const storeList = stores(option('stores', 40));
const productList = products(option('products', 500));
const lifecycle = productLifecycle({ productList, weeks: WEEKS });
const storeOf = new Map(storeList.map((s) => [s.code, s]));
const productOf = new Map(productList.map((p, index) => [p.sku, { ...p, index }]));

// ---- the chain, by series: week index → units, demand, out of stock ----
const started = Date.now();
const calendar = [];
const series = new Map();
for (const row of salesRows({ storeList, productList, weeks: WEEKS })) {
  if (calendar.at(-1) !== row.week && !calendar.includes(row.week)) calendar.push(row.week);
  const key = `${row.sku}|${row.store}`;
  if (!series.has(key)) series.set(key, { sku: row.sku, store: row.store, rows: new Map() });
  series.get(key).rows.set(row.week, row);
}
calendar.sort();
const weekIndex = new Map(calendar.map((w, i) => [w, i]));
for (const s of series.values()) {
  const indices = [...s.rows.keys()].map((w) => weekIndex.get(w));
  s.first = Math.min(...indices);
  s.units = new Array(WEEKS).fill(0);
  s.demand = new Array(WEEKS).fill(0);
  s.stockout = new Array(WEEKS).fill(0);
  s.promo = new Array(WEEKS).fill(0);
  s.mean = new Array(WEEKS).fill(0);
  for (const [week, row] of s.rows) {
    const t = weekIndex.get(week);
    s.units[t] = row.units;
    s.demand[t] = row.demand;
    s.stockout[t] = row.stockout;
    s.promo[t] = row.promo;
    s.mean[t] = row.mean;
  }
  delete s.rows;
}
console.log(`bench:forecast-lifecycle — demo chain: ${storeList.length} stores, ${productList.length} products, ${series.size.toLocaleString()} series (${((Date.now() - started) / 1000).toFixed(0)} s to generate)`);

const clusterStores = new Map();
for (const s of storeList) clusterStores.set(s.cluster, [...(clusterStores.get(s.cluster) ?? []), s.code]);
const subcategorySkus = new Map();
for (const p of productList) subcategorySkus.set(p.subcategory, [...(subcategorySkus.get(p.subcategory) ?? []), p.sku]);
/** A series' history up to origin `o` as the service reads it: from its first week, out-of-stock weeks filled. */
const historyAt = (s, o, fill = true) => {
  if (!s || s.first > o) return undefined;
  const units = s.units.slice(s.first, o + 1);
  return fill ? engine.fillCensored(units, s.stockout.slice(s.first, o + 1)) : units;
};
/** The week index of a date's first whole week: the first week without the product or store. */
const endWeek = (date) => (date ? calendar.findIndex((w) => w >= date) : -1);
const options = { horizon: HORIZON, season: SEASON };
const forecastOf = (history) => (history && history.length > 0 ? engine.forecastSeries(history, options) : undefined);
const zeros = new Array(HORIZON).fill(0);

/** A measure over (forecast, actual) pairs. */
function tally() {
  const t = { ae: 0, e: 0, y: 0, n: 0, in80: 0 };
  return {
    add(f, y, lo, hi) {
      t.ae += Math.abs(f - y);
      t.e += f - y;
      t.y += y;
      t.n++;
      if (lo !== undefined && y >= lo && y <= hi) t.in80++;
    },
    get wape() {
      return t.ae / t.y;
    },
    get bias() {
      return t.e / t.y;
    },
    get coverage() {
      return t.in80 / t.n;
    },
    get n() {
      return t.n;
    },
  };
}
const pct = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');

/** A product's split: validation takes the even product indices, test the odd. */
const inSplit = (split, sku) => productOf.get(sku).index % 2 === (split === 'validation' ? 0 : 1);

const successorOf = new Map([...lifecycle].filter(([, l]) => l.successorSku).map(([sku, l]) => [l.successorSku, { predecessor: sku, end: endWeek(l.discontinuedOn) }]));

/**
 * The engine's forecast of a series as the service makes it: with its promotions as a driver when
 * it has any (history or planned: the generator's own promotion weeks stand for the plans), else plain.
 */
function serviceForecast(s, o, history) {
  const promo = s.promo.slice(o + 1 - history.length, o + 1);
  const planned = Array.from({ length: HORIZON }, (_, h) => s.promo[o + 1 + h] ?? 0);
  if (!promo.includes(1) && !planned.includes(1)) return forecastOf(history);
  return engine.forecastWithDrivers({ history, drivers: { promo } }, { promo: planned }, { ...options, prior: pooledPrior(o) });
}
/**
 * The service pools driver coefficients over the series forecast together (a chunk of about 100
 * series), so a short history borrows its promotion's lift; here, over 100 established series with promotions.
 */
const priors = new Map();
function pooledPrior(o) {
  if (!priors.has(o)) {
    const established = [...series.values()].filter((s) => s.first <= o - SEASON && s.promo.slice(s.first, o + 1).includes(1)).slice(0, 100);
    const estimates = established.map((s) => engine.estimateDrivers({ history: historyAt(s, o), drivers: { promo: s.promo.slice(s.first, o + 1) } }));
    priors.set(o, engine.poolDrivers(estimates));
  }
  return priors.get(o);
}
/** A history without its promotions' spikes (their weeks interpolated): how a reference is averaged. */
const baselineHistory = (s, o) => {
  const history = historyAt(s, o);
  return history && engine.interpolateWeeks(history, s.promo.slice(s.first, o + 1));
};

// ---- new series: each origin's series in their first 13 weeks, with their forecasts made once ----
const NEW_CASES = { validation: [], test: [] };
for (const [split, origins] of Object.entries(ORIGINS)) {
  for (const o of origins) {
    for (const s of series.values()) {
      const life = lifecycle.get(s.sku);
      if (s.first === 0 || s.first > o || s.first < o - YOUNG_WEEKS + 1) continue; // a week of its own, and less than a year
      if (successorOf.has(s.sku)) continue; // measured with the successors
      if (!inSplit(split, s.sku)) continue;
      const own = historyAt(s, o);
      const store = storeOf.get(s.store);
      const facts = (withLikes) => ({
        likeSku: withLikes ? life.likeSku : null,
        likeStore: withLikes ? store.likeStore : null,
        clusterStores: clusterStores.get(store.cluster),
        subcategorySkus: subcategorySkus.get(productOf.get(s.sku).subcategory),
      });
      const referenceOf = (withLikes) => {
        const groups = engine.referenceGroups(s, facts(withLikes));
        const chosen = engine.chooseReference(groups, (k) => baselineHistory(series.get(`${k.sku}|${k.store}`), o));
        return chosen;
      };
      const reference = (chosen) => {
        const ref = chosen?.history;
        return { history: ref, profile: chosen?.profile, forecast: ref && ref.some((y) => y > 0) ? forecastOf(ref.slice(ref.findIndex((y) => y > 0))) : undefined };
      };
      const withLikes = referenceOf(true);
      const withoutLikes = referenceOf(false);
      NEW_CASES[split].push({
        s,
        o,
        own: baselineHistory(s, o),
        ownForecast: serviceForecast(s, o, own),
        references: { likes: reference(withLikes), profiles: reference(withoutLikes) },
      });
    }
  }
}

/** The service's phase-in of a case: the baseline blended with the reference, the own forecast's lift put back on. */
function phasedIn(c, reference, settings) {
  if (!reference.forecast) return c.ownForecast;
  const inputs = { own: c.own, reference: reference.history, ownForecast: c.ownForecast, referenceForecast: reference.forecast };
  return engine.blendOnBaseline(inputs, { ...settings, profile: reference.profile }).final;
}

/** Scores the first 13 weeks of new series, or with `young`, every horizon week of series under a year old. */
function scoreNew(cases, method, settings, young = false) {
  const m = tally();
  for (const c of cases) {
    // 'oracle': the generator's expected demand, a floor no forecast can beat on average.
    const f = method === 'oracle' ? { forecast: c.s.mean.slice(c.o + 1, c.o + 1 + HORIZON) } : method === 'own' ? c.ownForecast : phasedIn(c, c.references[method], settings);
    for (let h = 0; h < HORIZON; h++) {
      const t = c.o + 1 + h;
      if (t >= c.s.first + (young ? YOUNG_WEEKS : NEW_WEEKS) || t >= WEEKS) break;
      m.add(f.forecast[h], c.s.demand[t], f.lo80?.[h], f.hi80?.[h]);
    }
  }
  return m;
}

// Every setting is chosen on the validation origins: phase-in length and the level's prior first (by WAPE), then the widening (by 80% coverage).
let best;
for (const phaseInWeeks of [13, 26, 52]) {
  for (const scalePriorWeeks of [2, 4, 8, 16]) {
    for (const profilePriorWeeks of [0, 1, 2]) {
      const wape = scoreNew(NEW_CASES.validation, 'likes', { phaseInWeeks, scalePriorWeeks, profilePriorWeeks, widening: 0 }, true).wape;
      if (!best || wape < best.wape) best = { phaseInWeeks, scalePriorWeeks, profilePriorWeeks, wape };
    }
  }
}
let bestWidening;
for (const widening of [0, 0.25, 0.5, 1]) {
  const coverage = scoreNew(NEW_CASES.validation, 'likes', { ...best, widening }, true).coverage;
  if (!bestWidening || Math.abs(coverage - 0.8) < Math.abs(bestWidening.coverage - 0.8)) bestWidening = { widening, coverage };
}
const chosen = { phaseInWeeks: best.phaseInWeeks, scalePriorWeeks: best.scalePriorWeeks, profilePriorWeeks: best.profilePriorWeeks, widening: bestWidening.widening };
const inEngine = { phaseInWeeks: engine.PHASE_IN_WEEKS, scalePriorWeeks: engine.SCALE_PRIOR_WEEKS, profilePriorWeeks: engine.PROFILE_PRIOR_WEEKS, widening: engine.REFERENCE_WIDENING };
const describe = (s) => `phase-in ${s.phaseInWeeks} weeks, level prior ${s.scalePriorWeeks} weeks (${s.profilePriorWeeks} for average profiles), widening ${s.widening}`;
console.log(`\nChosen on validation: ${describe(chosen)}`);
console.log(`In the engine:        ${describe(inEngine)}${JSON.stringify(chosen) === JSON.stringify(inEngine) ? '' : '  ← differs: update lifecycle.ts'}`);

// ---- successors, stock-outs and ends ----

function otherMeasures(split, origins) {
  const successors = { own: tally(), engine: tally() };
  const stockouts = { own: tally(), engine: tally(), series: 0 };
  const ended = { own: 0, engine: 0, series: 0 };
  for (const o of origins) {
    for (const s of series.values()) {
      if (!inSplit(split, s.sku)) continue;
      const life = lifecycle.get(s.sku);
      // Successors in their first 13 weeks within the horizon (launched before the origin or during it).
      const succession = successorOf.get(s.sku);
      if (succession && succession.end >= o - NEW_WEEKS + 2 && succession.end <= o + HORIZON) {
        const own = historyAt(s, o) ?? [];
        const predecessor = historyAt(series.get(`${succession.predecessor}|${s.store}`), o);
        const without = forecastOf(own)?.forecast ?? zeros;
        const withRule = predecessor ? engine.succeed(own, predecessor, succession.end - (o + 1), options).forecast : without;
        for (let h = 0; h < HORIZON; h++) {
          const t = o + 1 + h;
          if (t < succession.end || t >= succession.end + NEW_WEEKS || t >= WEEKS) continue;
          successors.own.add(without[h], s.demand[t]);
          successors.engine.add(withRule[h], s.demand[t]);
        }
      }
      if (s.first > o || o % 12 !== 2) continue; // stock-outs and ends: every third origin is enough
      // Series with weeks out of stock in an established history.
      if (s.first <= o - SEASON && s.stockout.slice(s.first, o + 1).includes(1)) {
        stockouts.series++;
        const without = forecastOf(historyAt(s, o, false));
        const withRule = forecastOf(historyAt(s, o, true));
        for (let h = 0; h < HORIZON && o + 1 + h < WEEKS; h++) {
          stockouts.own.add(without.forecast[h], s.demand[o + 1 + h]);
          stockouts.engine.add(withRule.forecast[h], s.demand[o + 1 + h]);
        }
      }
      // Series that end within the horizon: a discontinued product, a closed store.
      const ends = [endWeek(life.discontinuedOn), endWeek(storeOf.get(s.store).closedOn)].filter((e) => e > o && e <= o + HORIZON);
      if (ends.length > 0) {
        ended.series++;
        const end = Math.min(...ends) - (o + 1);
        const forecast = forecastOf(historyAt(s, o));
        const withRule = engine.activeWeeks(forecast, 0, end);
        for (let h = end; h < HORIZON; h++) {
          ended.own += forecast.forecast[h];
          ended.engine += withRule.forecast[h];
        }
      }
    }
  }
  return { successors, stockouts, ended };
}

for (const [split, origins] of Object.entries(ORIGINS)) {
  const cases = NEW_CASES[split];
  const own = scoreNew(cases, 'own');
  const profiles = scoreNew(cases, 'profiles', chosen);
  const likes = scoreNew(cases, 'likes', chosen);
  const oracle = scoreNew(cases, 'oracle');
  const [youngOwn, youngProfiles, youngLikes] = [scoreNew(cases, 'own', chosen, true), scoreNew(cases, 'profiles', chosen, true), scoreNew(cases, 'likes', chosen, true)];
  const other = otherMeasures(split, origins);
  console.log(`\n${split} (${split === 'validation' ? 'even' : 'odd'} product indices; ${origins.length} origins, weeks ${origins[0] + 1} to ${origins.at(-1) + 1}; ${cases.length} series under a year old, ${own.n} series-weeks in their first 13 weeks)`);
  console.table([
    { measure: 'new series: WAPE', 'own history only': pct(own.wape), 'average profiles': pct(profiles.wape), 'like-items and profiles': pct(likes.wape) },
    { measure: 'new series: bias', 'own history only': pct(own.bias), 'average profiles': pct(profiles.bias), 'like-items and profiles': pct(likes.bias) },
    { measure: 'new series: 80% coverage', 'own history only': pct(own.coverage), 'average profiles': pct(profiles.coverage), 'like-items and profiles': pct(likes.coverage) },
    { measure: 'series under a year old: WAPE', 'own history only': pct(youngOwn.wape), 'average profiles': pct(youngProfiles.wape), 'like-items and profiles': pct(youngLikes.wape) },
    { measure: `successors: WAPE (${other.successors.own.n} series-weeks)`, 'own history only': pct(other.successors.own.wape), 'like-items and profiles': pct(other.successors.engine.wape) },
  ]);
  console.log(`  new-series WAPE with like-items vs own history only: ${pct(likes.wape / own.wape - 1)} (aim: −25% or better)`);
  console.log(`  the generator's expected demand as the forecast (the floor: only the weeks' noise is left): WAPE ${pct(oracle.wape)}, ${pct(oracle.wape / own.wape - 1)} against own history only`);
  console.table([
    { measure: `stock-out series (${other.stockouts.series}): bias against demand`, 'without the rules': pct(other.stockouts.own.bias), 'with them': pct(other.stockouts.engine.bias) },
    { measure: 'stock-out series: WAPE against demand', 'without the rules': pct(other.stockouts.own.wape), 'with them': pct(other.stockouts.engine.wape) },
    { measure: `ended series (${other.ended.series}): units forecast after the end`, 'without the rules': other.ended.own.toFixed(0), 'with them': other.ended.engine.toFixed(0) },
  ]);
}

// ---- outliers: the generator makes none, so every flagged week is a false alarm; what does correcting them cost? ----
console.log('\nOutlier correction on established series (the generator has no outliers: what is flagged is noise)');
const outlierRows = [];
for (const [split] of Object.entries(ORIGINS)) {
  for (const threshold of [4, 5, 6]) {
    const plain = tally();
    const fixed = tally();
    let weeks = 0;
    let flagged = 0;
    for (const o of [62, 98, 134]) {
      for (const s of series.values()) {
        if (!inSplit(split, s.sku) || s.first > o - SEASON || productOf.get(s.sku).index % 8 !== (split === 'validation' ? 0 : 1)) continue;
        const history = historyAt(s, o);
        const promo = s.promo.slice(s.first, o + 1);
        const stockout = s.stockout.slice(s.first, o + 1);
        const found = engine.detectOutliers(history, (t) => promo[t] !== 1 && stockout[t] !== 1, SEASON, threshold);
        weeks += history.length;
        flagged += found.length;
        if (found.length === 0) continue;
        const corrected = [...history];
        for (const f of found) corrected[f.index] = f.expected;
        const [a, b] = [forecastOf(history), forecastOf(corrected)];
        for (let h = 0; h < HORIZON && o + 1 + h < WEEKS; h++) {
          plain.add(a.forecast[h], s.demand[o + 1 + h]);
          fixed.add(b.forecast[h], s.demand[o + 1 + h]);
        }
      }
    }
    outlierRows.push({ split, threshold, 'weeks flagged per 1000': ((1000 * flagged) / weeks).toFixed(2), 'WAPE of flagged series, kept': pct(plain.wape), corrected: pct(fixed.wape) });
  }
}
console.table(outlierRows);
console.log(`In the engine: OUTLIER_THRESHOLD ${engine.OUTLIER_THRESHOLD}`);

