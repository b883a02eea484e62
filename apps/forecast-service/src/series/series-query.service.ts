import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  CategoryClusterQuery,
  CategoryClusterWeek,
  ErrorCodes,
  ForecastSeriesView,
  ForecastWeek,
  ListSeriesQuery,
  MAX_FILTER_CODES,
  OutlierStatus,
  Page,
  ProductCluster,
  ProductClusterQuery,
  SalesPatterns,
  SeriesLifecycleNote,
  SeriesListItem,
  SeriesSelector,
  SeriesView,
} from '@tideline/contracts';
import { DomainError, sendRpc, serviceClientToken, sqlPage } from '@tideline/server-kit';
import { fillCensored } from '@tideline/forecast-engine';
import { DataSource } from 'typeorm';
import { SERIES_WITH_ATTRIBUTES, selectionSql, selectorOf } from '../catalog/selection';
import { SEASON } from '../runs/run-planner.service';
import { aggregateBounds, denseWeeks } from './aggregate-bounds';
import { RollupKey, Rollups, rollupKeyOf } from './rollups';
import { LRUCache } from 'lru-cache';

const SALES_TIMEOUT_MS = 15_000;
/** Views kept in memory per instance (a series' view is some 30 kB, an aggregate's a few). */
const CACHED_VIEWS = 2000;

type WeekRow = Omit<ForecastWeek, 'baseline' | 'lift'> & { baseline: number | string; lift: Record<string, number> | null };

const round = (v: number | string) => Math.round(Number(v) * 1000) / 1000;
const toWeek = (r: WeekRow): ForecastWeek => ({
  week: r.week,
  statistical: round(r.statistical),
  baseline: round(r.baseline),
  lift: Object.fromEntries(Object.entries(r.lift ?? {}).map(([name, lift]) => [name, round(lift)])),
  final: round(r.final),
  lo80: round(r.lo80),
  hi80: round(r.hi80),
  lo95: round(r.lo95),
  hi95: round(r.hi95),
});

/** A single series' weeks as the explorer shows them: promoted weeks marked, out-of-stock weeks with their estimated demand. */
function withDemand(points: SeriesView['points'], outliers: Map<string, { expected: number; status: OutlierStatus }>): ForecastSeriesView['history'] {
  const demand = fillCensored(points.map((p) => p.units), points.map((p) => (p.censored ? 1 : 0)));
  return points.map((p, i) => ({
    week: p.week,
    units: p.units,
    ...(p.promo ? { promoted: true } : {}),
    ...(p.censored ? { censored: true, demand: Math.round(demand[i] * 1000) / 1000 } : {}),
    ...(outliers.has(p.week) ? { outlier: outliers.get(p.week) } : {}),
  }));
}

/**
 * The current forecast of one series, or of an aggregate summed from its series (so every level
 * adds up), next to the actuals. An aggregate's bounds come from its own history (aggregateBounds).
 */
@Injectable()
export class SeriesQuery {
  /** Views by read version and selector: each is computed once per change of what it shows. */
  private readonly views = new LRUCache<string, Promise<ForecastSeriesView>>({ max: CACHED_VIEWS });

  constructor(
    private readonly dataSource: DataSource,
    private readonly rollups: Rollups,
    @Inject(serviceClientToken('sales')) private readonly sales: ClientProxy,
  ) {}

  /**
   * A series or an aggregate, computed once per change of what reads show (the version that runs,
   * overrides, catalog moves, outlier decisions and new actuals move) and then served from memory.
   */
  async get(input: SeriesSelector): Promise<ForecastSeriesView> {
    const selector = selectorOf(input);
    const { version, asOf } = await this.rollups.state();
    const cacheKey = `${version}|${JSON.stringify(selector)}`;
    let view = this.views.get(cacheKey);
    if (!view) {
      const { sku, store } = selector;
      view = sku !== undefined && store !== undefined ? this.single(sku, store) : this.aggregate(selector, asOf);
      this.views.set(cacheKey, view);
      view.catch(() => this.views.delete(cacheKey));
    }
    return view;
  }

  private async single(sku: string, store: string): Promise<ForecastSeriesView> {
    // Everything at once: the series' current model, its forecast weeks, history, past forecasts and outliers.
    const [[current], weeks, history, pastForecasts, outliers] = await Promise.all([
      this.dataSource.query(
        `SELECT s.run_id, to_char(s.as_of, 'YYYY-MM-DD') AS as_of, rs.model, rs.pattern, rs.backtest_error, rs.lifecycle
         FROM forecast.series s JOIN forecast.run_series rs ON rs.run_id = s.run_id AND rs.sku = s.sku AND rs.store = s.store
         WHERE s.sku = $1 AND s.store = $2`,
        [sku, store],
      ) as Promise<Array<{ run_id: string; as_of: string; model: string; pattern: string; backtest_error: number | null; lifecycle: SeriesLifecycleNote | null }>>,
      this.dataSource.query(
        `SELECT to_char(f.week, 'YYYY-MM-DD') AS week, f.statistical, coalesce(f.baseline, f.statistical) AS baseline, f.lift, f.final, f.lo80, f.hi80, f.lo95, f.hi95
         FROM forecast.series s JOIN forecast.forecasts f ON f.run_id = s.run_id AND f.sku = s.sku AND f.store = s.store
         WHERE s.sku = $1 AND s.store = $2 ORDER BY f.week`,
        [sku, store],
      ) as Promise<WeekRow[]>,
      sendRpc(this.sales, SalesPatterns.series, { sku, store }, SALES_TIMEOUT_MS),
      this.pastForecasts({ sku, store }),
      this.dataSource.query(`SELECT to_char(week, 'YYYY-MM-DD') AS week, expected, status FROM forecast.outliers WHERE sku = $1 AND store = $2`, [
        sku,
        store,
      ]) as Promise<Array<{ week: string; expected: number; status: OutlierStatus }>>,
    ]);
    if (!current && history.points.length === 0) {
      throw new DomainError(ErrorCodes.notFound, `No sales and no forecast for SKU ${sku} in store ${store}`, { sku, store });
    }
    return {
      model: current?.model ?? null,
      series: 1,
      asOf: current?.as_of ?? null,
      pattern: current?.pattern ?? null,
      backtestError: current?.backtest_error ?? null,
      ...(current?.lifecycle ? { lifecycle: current.lifecycle } : {}),
      history: withDemand(history.points, new Map(outliers.map((o) => [o.week, { expected: Math.round(o.expected * 1000) / 1000, status: o.status }]))),
      forecast: weeks.map(toWeek),
      pastForecasts,
    };
  }

  /** An aggregate: a kept level is looked up (Rollups); other selections are summed from their series. */
  private async aggregate(selector: SeriesSelector, asOf: string | null): Promise<ForecastSeriesView> {
    const key = rollupKeyOf(selector);
    return key ? this.keptAggregate(key, selector, asOf) : this.summedAggregate(selector);
  }

  private async keptAggregate(key: RollupKey, selector: SeriesSelector, asOf: string | null): Promise<ForecastSeriesView> {
    const weeks = asOf ? await this.rollups.read(key, asOf) : [];
    if (weeks.length === 0) throw new DomainError(ErrorCodes.notFound, 'No forecast series matches this selection', { selector });
    return this.withHistory(selector, Math.max(...weeks.map((w) => w.cells)), asOf, weeks);
  }

  /** A selection beyond the kept levels, summed from its series' current forecasts. */
  private async summedAggregate(selector: SeriesSelector): Promise<ForecastSeriesView> {
    const { where, params } = selectionSql(selector);
    const [{ series, as_of }]: Array<{ series: number; as_of: string | null }> = await this.dataSource.query(
      `SELECT count(*)::int AS series, to_char(max(s.as_of), 'YYYY-MM-DD') AS as_of FROM ${SERIES_WITH_ATTRIBUTES} WHERE ${where}`,
      params,
    );
    if (series === 0) throw new DomainError(ErrorCodes.notFound, 'No forecast series matches this selection', { selector });
    // Each driver's lift sums over the cells that have it (jsonb_each of every cell's lift object).
    const rows: WeekRow[] = await this.dataSource.query(
      `WITH cells AS MATERIALIZED (
         SELECT f.week, f.statistical, f.final, coalesce(f.baseline, f.statistical) AS baseline, f.lift, f.lo80, f.hi80, f.lo95, f.hi95
         FROM ${SERIES_WITH_ATTRIBUTES}
         JOIN forecast.forecasts f ON f.run_id = s.run_id AND f.sku = s.sku AND f.store = s.store
         WHERE ${where} AND f.week > $${params.length + 1}::date),
       lifts AS (
         SELECT week, jsonb_object_agg(key, total) AS lift
         FROM (SELECT c.week, e.key, sum(e.value::float8) AS total FROM cells c, jsonb_each_text(c.lift) e GROUP BY 1, 2) t GROUP BY week)
       SELECT to_char(c.week, 'YYYY-MM-DD') AS week, sum(c.statistical) AS statistical, sum(c.final) AS final, sum(c.baseline) AS baseline,
         (SELECT l.lift FROM lifts l WHERE l.week = c.week) AS lift,
         greatest(0, sum(c.statistical) - sqrt(sum((c.statistical - c.lo80) ^ 2))) AS lo80,
         sum(c.statistical) + sqrt(sum((c.hi80 - c.statistical) ^ 2)) AS hi80,
         greatest(0, sum(c.statistical) - sqrt(sum((c.statistical - c.lo95) ^ 2))) AS lo95,
         sum(c.statistical) + sqrt(sum((c.hi95 - c.statistical) ^ 2)) AS hi95
       FROM cells c GROUP BY c.week ORDER BY c.week`,
      [...params, as_of],
    );
    const weeks = rows.map((w) => ({ ...w, statistical: Number(w.statistical), final: Number(w.final), baseline: Number(w.baseline), lift: w.lift ?? {} }));
    return this.withHistory(selector, series, as_of, weeks);
  }

  /**
   * An aggregate's view from its summed weeks: its history (from the sales service) and past
   * forecasts beside them, and bands from its own history (aggregateBounds).
   */
  private async withHistory(
    selector: SeriesSelector,
    series: number,
    asOf: string | null,
    sums: ForecastWeek[],
  ): Promise<ForecastSeriesView> {
    const history = this.codesOf(selector).then((codes) => sendRpc(this.sales, SalesPatterns.totals, codes, SALES_TIMEOUT_MS));
    const [actuals, pastForecasts] = await Promise.all([history, this.pastForecasts(selector)]);
    const weeks = aggregateBounds(sums, asOf ? denseWeeks(actuals.points, asOf) : [], SEASON);
    return {
      model: `aggregate of ${series} series`,
      series,
      asOf,
      pattern: null,
      backtestError: null,
      history: units(actuals),
      forecast: weeks.map(toWeek),
      pastForecasts,
    };
  }

  /** The single series of a selection (optionally of one demand pattern) with their current model, a page at a time. */
  async list(query: ListSeriesQuery): Promise<Page<SeriesListItem>> {
    const { pattern, page, pageSize, sort, ...selector } = query;
    const { where, params } = selectionSql(selectorOf(selector));
    const patternParam = `$${params.length + 1}`;
    const { rows, total } = await sqlPage<SeriesListItem>(this.dataSource, { page, pageSize, sort }, {
      select: `s.sku, p.name, s.store, p.category, st.region, st.cluster, rs.pattern, rs.model, rs.backtest_error AS "backtestError"`,
      from: `${SERIES_WITH_ATTRIBUTES}
        JOIN forecast.run_series rs ON rs.run_id = s.run_id AND rs.sku = s.sku AND rs.store = s.store
        WHERE ${where} AND (${patternParam}::text IS NULL OR rs.pattern = ${patternParam})`,
      params: [...params, pattern ?? null],
      // Series without a backtest (too short) sort as the easiest, so the hardest come first by default.
      sortable: { backtestError: 'coalesce(rs.backtest_error, -1)', sku: 's.sku', store: 's.store', pattern: 'rs.pattern', category: 'p.category' },
      defaultSort: '-backtestError',
    });
    return { items: rows.map((r) => ({ ...r, backtestError: r.backtestError === null ? null : Number(r.backtestError) })), total };
  }

  /** The lag-1 forecasts that accuracy kept for the selection's measured weeks, summed by week. */
  private async pastForecasts(selector: SeriesSelector): Promise<ForecastSeriesView['pastForecasts']> {
    const { where, params } = selectionSql(selector);
    // The accuracy table takes the alias `s` so that selectionSql's conditions apply to it as they do to forecast.series.
    const rows: Array<{ week: string; statistical: number; final: number }> = await this.dataSource.query(
      `SELECT to_char(s.week, 'YYYY-MM-DD') AS week, sum(s.statistical)::float8 AS statistical, sum(s.final)::float8 AS final
       FROM forecast.accuracy s JOIN forecast.products p ON p.sku = s.sku JOIN forecast.stores st ON st.code = s.store
       WHERE s.lag = 1 AND ${where}
       GROUP BY s.week ORDER BY s.week`,
      params,
    );
    return rows.map((r) => ({ week: r.week, statistical: round(r.statistical), final: round(r.final) }));
  }

  /**
   * The current final forecast by category × cluster × week: the baseline of budget plans. Paged by
   * category, so each page sums only its own categories' series.
   */
  categoryClusterWeeks(query: CategoryClusterQuery): Promise<CategoryClusterWeek[]> {
    return this.dataSource.query(
      `WITH page AS (
         SELECT DISTINCT category FROM forecast.products
         WHERE ($3::text IS NULL OR department = $3) AND category > coalesce($4::text, '')
         ORDER BY category LIMIT $5
       )
       SELECT p.category, st.cluster, to_char(f.week, 'YYYY-MM-DD') AS week, sum(f.final)::float8 AS units,
              sum(f.final * p.unit_price)::float8 AS revenue,
              CASE WHEN bool_and(p.unit_cost IS NOT NULL) THEN sum(f.final * p.unit_cost) END::float8 AS cost
       FROM ${SERIES_WITH_ATTRIBUTES}
       JOIN forecast.forecasts f ON f.run_id = s.run_id AND f.sku = s.sku AND f.store = s.store
       WHERE p.category IN (SELECT category FROM page) AND ($3::text IS NULL OR p.department = $3) AND f.week BETWEEN $1 AND $2
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [query.from, query.to, query.department ?? null, query.afterCategory ?? null, query.categories],
    );
  }

  /** The final forecast of each product × cluster over a period, valued at the unit price: assortment figures. */
  productClusters(query: ProductClusterQuery): Promise<ProductCluster[]> {
    return this.dataSource.query(
      `WITH page AS (
         SELECT sku FROM forecast.products WHERE ($3::text IS NULL OR department = $3) AND sku > coalesce($4::text, '')
         ORDER BY sku LIMIT $5
       )
       SELECT p.sku, p.name, p.category, st.cluster, sum(f.final)::float8 AS units, (sum(f.final) * p.unit_price)::float8 AS revenue
       FROM ${SERIES_WITH_ATTRIBUTES}
       JOIN forecast.forecasts f ON f.run_id = s.run_id AND f.sku = s.sku AND f.store = s.store AND f.week BETWEEN $1 AND $2
       WHERE p.sku IN (SELECT sku FROM page)
       GROUP BY p.sku, p.name, p.category, p.unit_price, st.cluster ORDER BY p.sku, st.cluster`,
      [query.from, query.to, query.department ?? null, query.afterSku ?? null, query.products],
    );
  }

  /** The SKUs and stores of the selection, for the sales totals (absent = all). */
  private async codesOf(selector: SeriesSelector): Promise<{ skus?: string[]; stores?: string[] }> {
    const { sku, department, category, subcategory, store, region, cluster } = selector;
    const codes = async (table: string, column: string, part: SeriesSelector) => {
      if (Object.keys(selectorOf(part)).length === 0) return undefined;
      const { where, params } = selectionSql(selectorOf(part));
      const rows: Array<{ code: string }> = await this.dataSource.query(`SELECT ${column} AS code FROM ${table} WHERE ${where}`, params);
      if (rows.length > MAX_FILTER_CODES) throw new DomainError(ErrorCodes.validationFailed, 'The selection is too broad for its history; narrow it');
      return rows.map((r) => r.code);
    };
    return {
      skus: await codes('forecast.products p', 'p.sku', { sku, department, category, subcategory }),
      stores: await codes('forecast.stores st', 'st.code', { store, region, cluster }),
    };
  }
}

const units = (view: SeriesView) => view.points.map((p) => ({ week: p.week, units: p.units }));
