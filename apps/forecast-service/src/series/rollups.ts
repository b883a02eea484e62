import { Injectable } from '@nestjs/common';
import { SeriesSelector } from '@tideline/contracts';
import { currentManager } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { SELECTOR_COLUMNS, SERIES_WITH_ATTRIBUTES } from '../catalog/selection';

const { department, category, subcategory, sku, region, cluster, store } = SELECTOR_COLUMNS;
/** The product levels that aggregates are kept at, broadest first, with the catalog-mirror column each groups by (as selections filter). */
const PRODUCT_LEVELS = { department, category, subcategory, sku };
/** The store levels, likewise. */
const STORE_LEVELS = { region, cluster, store };

/** One kept aggregate: a product level and code crossed with a store level and code ('all' has the code ''). */
export interface RollupKey {
  productLevel: keyof typeof PRODUCT_LEVELS | 'all';
  productCode: string;
  storeLevel: keyof typeof STORE_LEVELS | 'all';
  storeCode: string;
}

/** A kept week of an aggregate's current forecast. */
export interface RollupWeek {
  week: string;
  cells: number;
  statistical: number;
  final: number;
  baseline: number;
  lift: Record<string, number>;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

/** Which series (and weeks) a change touched: their contributions are taken out before it and put back after. */
export interface RollupScope {
  where: string;
  params: unknown[];
}

/**
 * The kept level of a selector: at most one product field and at most one store field, other than
 * a single series (which is read as it is). Selectors beyond that (two fields of one side) are
 * summed from their series on each read.
 */
export function rollupKeyOf(selector: SeriesSelector): RollupKey | undefined {
  const product = (Object.keys(PRODUCT_LEVELS) as Array<keyof typeof PRODUCT_LEVELS>).filter((f) => selector[f] !== undefined);
  const store = (Object.keys(STORE_LEVELS) as Array<keyof typeof STORE_LEVELS>).filter((f) => selector[f] !== undefined);
  if (product.length > 1 || store.length > 1 || (product[0] === 'sku' && store[0] === 'store')) return undefined;
  return {
    productLevel: product[0] ?? 'all',
    productCode: product[0] ? String(selector[product[0]]) : '',
    storeLevel: store[0] ?? 'all',
    storeCode: store[0] ? String(selector[store[0]]) : '',
  };
}

/** The series of some SKUs or stores, in every week: a catalog move. Parameters from $2 on. */
export const seriesOf = (skus: string[], stores: string[]): RollupScope => ({
  where: `(s.sku = ANY($2::text[]) OR s.store = ANY($3::text[]))`,
  params: [skus, stores],
});

/** The cells an override layer spreads over. Parameter $2. */
export const overrideCells = (overrideId: string): RollupScope => ({
  where: `(f.sku, f.store, f.week) IN (SELECT sku, store, week FROM forecast.override_cells WHERE override_id = $2)`,
  params: [overrideId],
});

const everything: RollupScope = { where: 'true', params: [] };

// Every product level (with 'all') crossed with every store level (with 'all'), but a single series.
const LEVEL_PAIRS = [null, ...Object.values(PRODUCT_LEVELS)].flatMap((productColumn) =>
  [null, ...Object.values(STORE_LEVELS)].filter((storeColumn) => !(productColumn === sku && storeColumn === store)).map((storeColumn) => [productColumn, storeColumn]),
);
const groupingSets = (extra: string[]) => `GROUPING SETS (${LEVEL_PAIRS.map((pair) => `(${[...pair.filter(Boolean), ...extra].join(', ')})`).join(', ')})`;
const levelOf = (levels: Record<string, string>) =>
  `CASE ${Object.entries(levels).map(([level, column]) => `WHEN grouping(${column}) = 0 THEN '${level}'`).join(' ')} ELSE 'all' END`;
const codeOf = (levels: Record<string, string>) =>
  `CASE ${Object.values(levels).map((column) => `WHEN grouping(${column}) = 0 THEN coalesce(${column}, '')`).join(' ')} ELSE '' END`;
const KEY_COLUMNS = 'product_level, product_code, store_level, store_code, week';
const KEY_VALUES = `${levelOf(PRODUCT_LEVELS)}, ${codeOf(PRODUCT_LEVELS)}, ${levelOf(STORE_LEVELS)}, ${codeOf(STORE_LEVELS)}, f.week`;
// The current forecast cells of every series whose product and store the mirror knows (as aggregate reads always summed).
const CURRENT_CELLS = `${SERIES_WITH_ATTRIBUTES} JOIN forecast.forecasts f ON f.run_id = s.run_id AND f.sku = s.sku AND f.store = s.store`;
const SUMMED = ['statistical', 'final', 'baseline', 'sq_lo80', 'sq_hi80', 'sq_lo95', 'sq_hi95'];

/** $1 × the sums of the scope's cells at every level, added to what is kept (the sign takes them out or puts them in). */
const addSums = (scope: RollupScope) =>
  `INSERT INTO forecast.rollups AS r (${KEY_COLUMNS}, cells, ${SUMMED.join(', ')})
   SELECT ${KEY_VALUES}, $1 * count(*), $1 * sum(f.statistical), $1 * sum(f.final), $1 * sum(coalesce(f.baseline, f.statistical)),
     $1 * sum((f.statistical - f.lo80) ^ 2), $1 * sum((f.hi80 - f.statistical) ^ 2), $1 * sum((f.statistical - f.lo95) ^ 2), $1 * sum((f.hi95 - f.statistical) ^ 2)
   FROM ${CURRENT_CELLS} WHERE ${scope.where}
   GROUP BY ${groupingSets(['f.week'])}
   ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET cells = r.cells + EXCLUDED.cells, ${SUMMED.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')}`;

const addLifts = (scope: RollupScope) =>
  `INSERT INTO forecast.rollup_lifts AS r (${KEY_COLUMNS}, driver, lift)
   SELECT ${KEY_VALUES}, e.key, $1 * sum(e.value::float8)
   FROM ${CURRENT_CELLS} CROSS JOIN LATERAL jsonb_each_text(f.lift) e WHERE ${scope.where}
   GROUP BY ${groupingSets(['f.week', 'e.key'])}
   ON CONFLICT (${KEY_COLUMNS}, driver) DO UPDATE SET lift = r.lift + EXCLUDED.lift`;

/**
 * Aggregates kept, not recomputed on each read: the current forecast of every level that reads ask
 * for (each product level × each store level) summed by week, with each driver's lift and the sums
 * of squared band widths. A completed run rebuilds them in one pass (rebuild); an override or a
 * catalog move changes only what it touches (change: its series' sums are taken out before and put
 * back after). Writers take turns (an advisory lock). `version` moves with every write, and with
 * everything else that changes what forecast reads show (touch: a chunk's forecasts stored, an
 * outlier decided, new actuals); it keys the read caches.
 *
 * Between a run's first chunk and its completion, the series that the run already replaced are still
 * summed as they were: aggregates move to a run's forecast when it completes, all at once.
 */
@Injectable()
export class Rollups {
  constructor(private readonly dataSource: DataSource) {}

  /** Every aggregate summed again from the current forecasts, in the caller's transaction. */
  async rebuild(m: EntityManager): Promise<void> {
    await lock(m);
    await m.query(`DELETE FROM forecast.rollups`);
    await m.query(`DELETE FROM forecast.rollup_lifts`);
    await m.query(addSums(everything), [1]);
    await m.query(addLifts(everything), [1]);
    await m.query(`UPDATE forecast.rollup_state SET version = version + 1, as_of = (SELECT max(as_of) FROM forecast.series)`);
  }

  /** Runs `change` (in the caller's transaction) with the scope's sums taken out before it and put back after. */
  async change<T>(m: EntityManager, scope: RollupScope, change: () => Promise<T>): Promise<T> {
    await lock(m);
    await m.query(addSums(scope), [-1, ...scope.params]);
    await m.query(addLifts(scope), [-1, ...scope.params]);
    const result = await change();
    await m.query(addSums(scope), [1, ...scope.params]);
    await m.query(addLifts(scope), [1, ...scope.params]);
    // An aggregate left without cells (its last series moved away) is gone, with its lifts.
    await m.query(
      `WITH gone AS (DELETE FROM forecast.rollups WHERE cells = 0 RETURNING ${KEY_COLUMNS})
       DELETE FROM forecast.rollup_lifts l USING gone g
       WHERE (l.product_level, l.product_code, l.store_level, l.store_code, l.week) = (g.product_level, g.product_code, g.store_level, g.store_code, g.week)`,
    );
    await bumpVersion(m);
    return result;
  }

  /** What reads show changed without the kept sums changing (new forecasts of a run still going, an outlier decision, new actuals): the caches let go. */
  touch(m: EntityManager): Promise<unknown> {
    return bumpVersion(m);
  }

  /** The version that keys read caches, and the origin of the current forecast. */
  async state(): Promise<{ version: string; asOf: string | null }> {
    const [state] = await currentManager(this.dataSource).query(
      `SELECT version::text AS version, to_char(as_of, 'YYYY-MM-DD') AS "asOf" FROM forecast.rollup_state`,
    );
    return state;
  }

  /** The kept weeks after the origin of an aggregate (none: no series there), bands of the cells combined as independent. */
  async read(key: RollupKey, asOf: string): Promise<RollupWeek[]> {
    const rows: Array<Record<string, number> & { week: string; lift: Record<string, number> | null }> = await this.dataSource.query(
      `SELECT to_char(r.week, 'YYYY-MM-DD') AS week, r.cells, r.statistical, r.final, r.baseline, r.sq_lo80, r.sq_hi80, r.sq_lo95, r.sq_hi95,
         (SELECT jsonb_object_agg(l.driver, l.lift) FROM forecast.rollup_lifts l
          WHERE (l.product_level, l.product_code, l.store_level, l.store_code, l.week) = (r.product_level, r.product_code, r.store_level, r.store_code, r.week)) AS lift
       FROM forecast.rollups r
       WHERE r.product_level = $1 AND r.product_code = $2 AND r.store_level = $3 AND r.store_code = $4 AND r.week > $5 AND r.cells > 0
       ORDER BY r.week`,
      [key.productLevel, key.productCode, key.storeLevel, key.storeCode, asOf],
    );
    return rows.map((r) => ({
      week: r.week,
      cells: r.cells,
      statistical: r.statistical,
      final: r.final,
      baseline: r.baseline,
      lift: r.lift ?? {},
      lo80: Math.max(0, r.statistical - Math.sqrt(Math.max(0, r.sq_lo80))),
      hi80: r.statistical + Math.sqrt(Math.max(0, r.sq_hi80)),
      lo95: Math.max(0, r.statistical - Math.sqrt(Math.max(0, r.sq_lo95))),
      hi95: r.statistical + Math.sqrt(Math.max(0, r.sq_hi95)),
    }));
  }
}

const lock = (m: EntityManager) => m.query(`SELECT pg_advisory_xact_lock(hashtext('forecast.rollups'))`);
const bumpVersion = (m: EntityManager) => m.query(`UPDATE forecast.rollup_state SET version = version + 1`);
