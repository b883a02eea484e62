import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { addWeeks, ACCURACY_LAGS, AccuracyDimension, AccuracyQuery, AccuracyRow, ErrorMeasures, MAX_SERIES_PER_REQUEST, SalesPatterns } from '@tideline/contracts';
import { sendRpc, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';

const SALES_TIMEOUT_MS = 30_000;
/** A product or store is new in its first 13 weeks of sales (a quarter): accuracy reports those weeks apart. */
const NEW_ITEM_WEEKS = 13;

/** What each accuracy dimension groups by (a = forecast.accuracy, p = products, st = stores). */
const GROUP_KEYS: Record<AccuracyDimension, string> = {
  chain: `'chain'`,
  series: `a.sku || ' @ ' || a.store`,
  department: 'p.department',
  category: 'p.category',
  subcategory: 'p.subcategory',
  store: 'a.store',
  region: 'st.region',
  cluster: 'st.cluster',
  analyst: `coalesce(a.analyst, '(not overridden)')`,
  week: `to_char(a.week, 'YYYY-MM-DD')`,
  promotion: `CASE WHEN a.promoted THEN 'promoted' WHEN NOT a.promoted THEN 'not promoted' ELSE 'not known (measured before promotions were kept)' END`,
  lifecycle: `CASE WHEN a.new_item THEN 'new (first ${NEW_ITEM_WEEKS} weeks)' WHEN NOT a.new_item THEN 'established' ELSE 'not known (measured before new items were told apart)' END`,
};

type Sums = { ae: number; e: number; mase: number | null };

/**
 * Compares stored forecasts with the actuals that arrive later. For each week that arrives and
 * each tracked lag L, the forecast made L weeks before (the newest run whose last actual week was
 * L weeks earlier) is kept next to the actual: statistical, final (with the overrides it had) and
 * seasonal naive, plus the analyst of the newest layer that final holds: a layer active on that
 * forecast while it was current, never one made after a newer run replaced it or reverted before
 * (forecasts.override_id, kept as the final is computed). Re-measuring a week (a restated file)
 * replaces its points.
 */
@Injectable()
export class AccuracyTracker {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(serviceClientToken('sales')) private readonly sales: ClientProxy,
  ) {}

  async measure(weeks: readonly string[]): Promise<number> {
    const lagDays = ACCURACY_LAGS.map((lag) => lag * 7);
    const points: Array<{ run_id: string; sku: string; store: string; week: string; lag: number }> = await this.dataSource.query(
      `SELECT DISTINCT ON (f.sku, f.store, f.week, f.week - rs.origin)
         f.run_id, f.sku, f.store, to_char(f.week, 'YYYY-MM-DD') AS week, (f.week - rs.origin) / 7 AS lag
       FROM forecast.forecasts f
       JOIN forecast.run_series rs ON rs.run_id = f.run_id AND rs.sku = f.sku AND rs.store = f.store
       WHERE f.week = ANY($1::date[]) AND (f.week - rs.origin) = ANY($2::int[])
       ORDER BY f.sku, f.store, f.week, f.week - rs.origin, rs.created_at DESC`,
      [weeks, lagDays],
    );
    if (points.length === 0) return 0;
    const { actuals, promoted, censored } = await this.actuals(points);
    // An out-of-stock week's sales understate its demand: it measures no forecast (a restated
    // week that turned out censored loses the points it had).
    const gone = points.filter((_, i) => censored[i]);
    if (gone.length > 0) {
      await this.dataSource.query(
        `DELETE FROM forecast.accuracy a USING unnest($1::text[], $2::text[], $3::date[]) AS g(sku, store, week)
         WHERE a.sku = g.sku AND a.store = g.store AND a.week = g.week`,
        [gone.map((p) => p.sku), gone.map((p) => p.store), gone.map((p) => p.week)],
      );
    }
    const kept = points.map((_, i) => i).filter((i) => !censored[i]);
    if (kept.length === 0) return 0;
    await this.dataSource.query(
      `INSERT INTO forecast.accuracy (sku, store, week, lag, run_id, actual, statistical, final, naive, scale, analyst, promoted, new_item)
       SELECT p.sku, p.store, p.week, p.lag, p.run_id, p.actual, f.statistical, f.final, f.naive, rs.scale,
         (SELECT ov.created_by FROM forecast.overrides ov WHERE ov.id = f.override_id), p.promoted,
         rs.history_weeks + p.lag <= ${NEW_ITEM_WEEKS}
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::int[], $6::float8[], $7::boolean[]) AS p(run_id, sku, store, week, lag, actual, promoted)
       JOIN forecast.forecasts f ON f.run_id = p.run_id AND f.sku = p.sku AND f.store = p.store AND f.week = p.week
       JOIN forecast.run_series rs ON rs.run_id = p.run_id AND rs.sku = p.sku AND rs.store = p.store
       ON CONFLICT (sku, store, week, lag) DO UPDATE SET run_id = EXCLUDED.run_id, actual = EXCLUDED.actual,
         statistical = EXCLUDED.statistical, final = EXCLUDED.final, naive = EXCLUDED.naive, scale = EXCLUDED.scale,
         analyst = EXCLUDED.analyst, promoted = EXCLUDED.promoted, new_item = EXCLUDED.new_item, measured_at = now()`,
      [
        kept.map((i) => points[i].run_id),
        kept.map((i) => points[i].sku),
        kept.map((i) => points[i].store),
        kept.map((i) => points[i].week),
        kept.map((i) => points[i].lag),
        kept.map((i) => actuals[i]),
        kept.map((i) => promoted[i]),
      ],
    );
    return kept.length;
  }

  /** The actual units of each point's series and week (0 where the series sold nothing), and whether the week was promoted or out of stock. */
  private async actuals(points: Array<{ sku: string; store: string; week: string }>): Promise<{ actuals: number[]; promoted: boolean[]; censored: boolean[] }> {
    const weeks = points.map((p) => p.week).sort();
    const [from, to] = [weeks[0], weeks[weeks.length - 1]];
    const keys = [...new Map(points.map((p) => [`${p.sku}\u0000${p.store}`, { sku: p.sku, store: p.store }])).values()];
    const key = (p: { sku: string; store: string; week: string }) => `${p.sku}\u0000${p.store}\u0000${p.week}`;
    const units = new Map<string, number>();
    const promos = new Set<string>();
    const outOfStock = new Set<string>();
    for (let i = 0; i < keys.length; i += MAX_SERIES_PER_REQUEST) {
      const { series } = await sendRpc(this.sales, SalesPatterns.history, { keys: keys.slice(i, i + MAX_SERIES_PER_REQUEST), from, to }, SALES_TIMEOUT_MS);
      for (const s of series) {
        if (s.start === null) continue;
        const start = s.start;
        s.units.forEach((u, w) => {
          const week = key({ sku: s.sku, store: s.store, week: addWeeks(start, w) });
          units.set(week, u);
          if (s.promo[w] === 1) promos.add(week);
          if (s.censored?.[w] === 1) outOfStock.add(week);
        });
      }
    }
    return {
      actuals: points.map((p) => units.get(key(p)) ?? 0),
      promoted: points.map((p) => promos.has(key(p))),
      censored: points.map((p) => outOfStock.has(key(p))),
    };
  }

  async summarize(query: AccuracyQuery): Promise<AccuracyRow[]> {
    const measures = (column: string) => `
      sum(abs(a.${column} - a.actual)) AS ${column}_ae, sum(a.${column} - a.actual) AS ${column}_e,
      avg(abs(a.${column} - a.actual) / nullif(a.scale, 0)) AS ${column}_mase`;
    const rows: Array<Record<string, string | number | null>> = await this.dataSource.query(
      `SELECT ${GROUP_KEYS[query.by]} AS key, a.lag, count(*)::int AS points, sum(a.actual) AS actual,
         ${measures('statistical')}, ${measures('final')}, ${measures('naive')}
       FROM forecast.accuracy a
       JOIN forecast.products p ON p.sku = a.sku JOIN forecast.stores st ON st.code = a.store
       WHERE ($1::int IS NULL OR a.lag = $1) AND a.week >= coalesce($2::date, '-infinity') AND a.week <= coalesce($3::date, 'infinity')
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [query.lag ?? null, query.from ?? null, query.to ?? null],
    );
    return rows.map((r) => {
      const actual = Number(r['actual']);
      const of = (column: string): Sums => ({
        ae: Number(r[`${column}_ae`]),
        e: Number(r[`${column}_e`]),
        mase: r[`${column}_mase`] === null ? null : Number(r[`${column}_mase`]),
      });
      const statistical = errorMeasures(of('statistical'), actual);
      const final = errorMeasures(of('final'), actual);
      const seasonalNaive = errorMeasures(of('naive'), actual);
      const gain = (worse: number | null, better: number | null) => (worse === null || better === null ? null : round(worse - better));
      return {
        key: String(r['key']),
        lag: Number(r['lag']),
        points: Number(r['points']),
        actual,
        statistical,
        final,
        seasonalNaive,
        valueAdded: { statisticalOverNaive: gain(seasonalNaive.wape, statistical.wape), finalOverStatistical: gain(statistical.wape, final.wape) },
      };
    });
  }
}

const round = (value: number) => Math.round(value * 1e4) / 1e4;

/** WAPE and bias in percent of the actual volume; undefined (null) when nothing was sold. */
export function errorMeasures({ ae, e, mase }: Sums, actual: number): ErrorMeasures {
  return {
    wape: actual > 0 ? round((100 * ae) / actual) : null,
    bias: actual > 0 ? round((100 * e) / actual) : null,
    mase: mase === null ? null : round(mase),
  };
}
