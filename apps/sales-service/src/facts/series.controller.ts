import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ErrorCodes,
  GroupedTotal,
  GroupedStock,
  GroupedTotalsRequest,
  HistoryReply,
  HistoryRequest,
  HistorySeries,
  SalesPatterns,
  SeriesKey,
  SeriesKeysReply,
  SeriesKeysRequest,
  SeriesQuery,
  SeriesView,
  TotalsRequest,
} from '@tideline/contracts';
import { DomainError } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { keptTotalsQuery } from './week-totals';

type Row = { week: string; units: string; revenue: string | null; promo?: boolean | null; censored?: boolean | null };

const toView = (rows: Row[]): SeriesView => ({
  points: rows.map((r) => ({
    week: r.week,
    units: Number(r.units),
    revenue: r.revenue === null ? null : Number(r.revenue),
    ...(r.promo === undefined ? {} : { promo: r.promo }),
    ...(r.censored ? { censored: true } : {}),
  })),
});

type HistoryRow = { i: number; start: string | null; units: number[] | null; promo: number[] | null; censored: number[] | null; price?: Array<number | null>; drivers?: Array<Record<string, number> | null> };
type PlanRow = { i: number; price: Array<number | null>; promo: Array<number | null>; drivers: Array<Record<string, number> | null> };

/** Per-week driver objects (null: none that week) as one array per driver name, null where a week lacks it. */
function byName(weeks: Array<Record<string, number> | null>): Record<string, Array<number | null>> {
  const columns: Record<string, Array<number | null>> = Object.create(null); // a driver may be named "constructor"
  weeks.forEach((week, t) => {
    for (const [name, value] of Object.entries(week ?? {})) (columns[name] ??= new Array(weeks.length).fill(null))[t] = value;
  });
  return columns;
}

const WEEK_RANGE = `week >= coalesce($3::date, '-infinity') AND week <= coalesce($4::date, 'infinity')`;

@Controller()
export class SeriesController {
  constructor(private readonly dataSource: DataSource) {}

  /** One SKU × store, week by week (served by the facts_series_idx index). */
  @MessagePattern(SalesPatterns.series)
  async series(@Payload() query: SeriesQuery): Promise<SeriesView> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT to_char(week, 'YYYY-MM-DD') AS week, units, revenue, promo, (stockout OR (on_hand = 0 AND units = 0)) AS censored FROM sales.facts
       WHERE sku = $1 AND store = $2 AND ${WEEK_RANGE} ORDER BY week`,
      [query.sku, query.store, query.from ?? null, query.to ?? null],
    );
    return toView(rows);
  }

  /**
   * Weekly sums over a selection of SKUs and stores (absent = all); revenue sums only the rows that
   * have one. A selection of one side only (or the chain) reads the kept week totals.
   */
  @MessagePattern(SalesPatterns.totals)
  async totals(@Payload() request: TotalsRequest): Promise<SeriesView> {
    const range = [request.from ?? null, request.to ?? null];
    const kept = keptTotalsQuery(request.skus, request.stores);
    const rows: Row[] = kept
      ? await this.dataSource.query(
          `SELECT to_char(week, 'YYYY-MM-DD') AS week, sum(units) AS units, CASE WHEN sum(revenue_rows) > 0 THEN sum(revenue) END AS revenue
           FROM sales.week_totals WHERE side = $1 AND ($2::text[] IS NULL OR code = ANY($2)) AND ${WEEK_RANGE}
           GROUP BY week ORDER BY week`,
          [kept.side, kept.codes, ...range],
        )
      : await this.dataSource.query(
          `SELECT to_char(week, 'YYYY-MM-DD') AS week, sum(units) AS units, sum(revenue) AS revenue FROM sales.facts
           WHERE sku = ANY($1) AND store = ANY($2) AND ${WEEK_RANGE}
           GROUP BY week ORDER BY week`,
          [request.skus, request.stores, ...range],
        );
    return toView(rows);
  }

  /** The series with sales (or those an upload wrote), a keyset page at a time, and the chain's last week. */
  @MessagePattern(SalesPatterns.seriesKeys)
  async seriesKeys(@Payload() request: SeriesKeysRequest): Promise<SeriesKeysReply> {
    const after = request.after ?? null;
    // DISTINCT over the (sku, store, week) index: a skip scan per series would be faster on a
    // huge table, but one pass at a few hundred thousand rows a second is fine per page.
    const keys: Array<{ sku: string; store: string }> = await this.dataSource.query(
      `SELECT DISTINCT sku, store FROM sales.facts
       WHERE ($1::uuid IS NULL OR upload_id = $1) AND ($2::text IS NULL OR (sku, store) > ($2, $3))
       ORDER BY sku, store LIMIT $4`,
      [request.uploadId ?? null, after?.sku ?? null, after?.store ?? null, request.limit],
    );
    const [{ last }] = await this.dataSource.query(`SELECT to_char(max(week), 'YYYY-MM-DD') AS last FROM sales.facts`);
    return { keys, lastWeek: last };
  }

  /**
   * Dense weekly units (and promotion flags) per series, from its first sale (or `from`) up to `to`,
   * zeros where no row exists; with `plannedWeeks`, also the history's other drivers and the plans.
   */
  @MessagePattern(SalesPatterns.history)
  async history(@Payload() request: HistoryRequest): Promise<HistoryReply> {
    const withDrivers = request.plannedWeeks !== undefined;
    const rows: HistoryRow[] = await this.dataSource.query(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(sku, store, i)),
       points AS (
         SELECT w.i, f.week, f.units, f.promo, f.price, f.drivers, (f.stockout OR (f.on_hand = 0 AND f.units = 0)) AS censored FROM wanted w
         JOIN sales.facts f ON f.sku = w.sku AND f.store = w.store
          AND f.week >= coalesce($3::date, '-infinity') AND f.week <= $4::date
       ),
       spans AS (SELECT i, min(week) AS start FROM points GROUP BY i)
       SELECT s.i::int AS i, to_char(s.start, 'YYYY-MM-DD') AS start,
              array_agg(coalesce(p.units, 0)::float8 ORDER BY g.week) AS units,
              array_agg(CASE WHEN p.promo THEN 1 ELSE 0 END ORDER BY g.week) AS promo,
              array_agg(CASE WHEN p.censored THEN 1 ELSE 0 END ORDER BY g.week) AS censored
              ${withDrivers ? ', array_agg(p.price::float8 ORDER BY g.week) AS price, jsonb_agg(p.drivers ORDER BY g.week) AS drivers' : ''}
       FROM spans s
       CROSS JOIN LATERAL generate_series(s.start, $4::date, interval '7 days') AS g(week)
       LEFT JOIN points p ON p.i = s.i AND p.week = g.week::date
       GROUP BY s.i, s.start`,
      [request.keys.map((k) => k.sku), request.keys.map((k) => k.store), request.from ?? null, request.to],
    );
    const plans = withDrivers && request.plannedWeeks ? await this.plans(request.keys, request.to, request.plannedWeeks) : new Map<number, PlanRow>();
    const byIndex = new Map(rows.map((r) => [Number(r.i), r]));
    return {
      series: request.keys.map((key, index) => {
        const row = byIndex.get(index + 1);
        const series: HistorySeries = { sku: key.sku, store: key.store, start: row?.start ?? null, units: row?.units ?? [], promo: row?.promo ?? [], censored: row?.censored ?? [] };
        if (!withDrivers) return series;
        const plan = plans.get(index + 1);
        const weeks = request.plannedWeeks ?? 0;
        return {
          ...series,
          history: { price: row?.price ?? [], drivers: byName(row?.drivers ?? []) },
          planned: {
            price: plan?.price ?? new Array(weeks).fill(null),
            promo: plan?.promo ?? new Array(weeks).fill(null),
            drivers: byName(plan?.drivers ?? new Array(weeks).fill(null)),
          },
        };
      }),
    };
  }

  /** The planned drivers of `weeks` weeks after `to`, per series index: the store's own plan, else the chain's (`*`). */
  private async plans(keys: SeriesKey[], to: string, weeks: number): Promise<Map<number, PlanRow>> {
    const rows: PlanRow[] = await this.dataSource.query(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(sku, store, i)),
       planned AS (
         SELECT DISTINCT ON (w.i, p.week) w.i, p.week, p.price, p.promo, p.drivers FROM wanted w
         JOIN sales.planned_drivers p ON p.sku = w.sku AND p.store IN (w.store, '*')
          AND p.week > $3::date AND p.week <= $3::date + 7 * $4::int
         ORDER BY w.i, p.week, p.store = '*'
       )
       SELECT w.i::int AS i,
              array_agg(p.price::float8 ORDER BY g.week) AS price,
              array_agg(CASE WHEN p.promo IS NULL THEN NULL WHEN p.promo THEN 1 ELSE 0 END ORDER BY g.week) AS promo,
              jsonb_agg(p.drivers ORDER BY g.week) AS drivers
       FROM wanted w
       CROSS JOIN LATERAL generate_series($3::date + 7, $3::date + 7 * $4::int, interval '7 days') AS g(week)
       LEFT JOIN planned p ON p.i = w.i AND p.week = g.week::date
       WHERE EXISTS (SELECT 1 FROM planned x WHERE x.i = w.i)
       GROUP BY w.i`,
      [keys.map((k) => k.sku), keys.map((k) => k.store), to, weeks],
    );
    return new Map(rows.map((r) => [Number(r.i), r]));
  }

  /** Weekly sums by product group × store group over a period (see GroupedTotalsRequest). */
  @MessagePattern(SalesPatterns.groupedTotals)
  async groupedTotals(@Payload() request: GroupedTotalsRequest): Promise<GroupedTotal[]> {
    const rows: Array<{ productGroup: string; storeGroup: string; week: string; units: string; revenue: string | null; markdown: string | null }> = await this.dataSource.query(
      `${GROUPS}
       SELECT p.grp AS "productGroup", s.grp AS "storeGroup", to_char(f.week, 'YYYY-MM-DD') AS week,
              sum(f.units) AS units, sum(f.revenue) AS revenue,
              -- The price paid: the row's price, or its revenue per unit without one.
              sum(greatest(p.regular - coalesce(f.price::float8, f.revenue::float8 / nullif(f.units, 0)), 0) * f.units) AS markdown
       FROM sales.facts f JOIN p ON p.sku = f.sku JOIN s ON s.store = f.store
       WHERE f.week BETWEEN $5 AND $6
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      groupParams(request),
    );
    return rows.map((r) => ({ ...r, units: Number(r.units), revenue: r.revenue === null ? null : Number(r.revenue), markdown: Number(r.markdown ?? 0) }));
  }

  /** Stock on hand and on order by the request's groups and week: what open-to-buy starts from. */
  @MessagePattern(SalesPatterns.groupedStock)
  async groupedStock(@Payload() request: GroupedTotalsRequest): Promise<GroupedStock[]> {
    const rows: Array<{ productGroup: string; storeGroup: string; week: string; onHand: string | null; onOrder: string | null; onOrderCost: string | null }> = await this.dataSource.query(
      `${GROUPS},
       counted AS (
         SELECT p.grp AS pg, s.grp AS sg, h.week, sum(h.on_hand) AS on_hand
         FROM sales.stock_on_hand h JOIN p ON p.sku = h.sku JOIN s ON s.store = h.store
         WHERE h.week BETWEEN $5 AND $6 GROUP BY 1, 2, 3),
       ordered AS (
         SELECT p.grp AS pg, s.grp AS sg, o.week, sum(o.units) AS units, sum(o.cost) AS cost
         FROM sales.purchase_orders o JOIN p ON p.sku = o.sku JOIN s ON s.store = o.store
         WHERE o.week BETWEEN $5 AND $6 GROUP BY 1, 2, 3)
       SELECT pg AS "productGroup", sg AS "storeGroup", to_char(week, 'YYYY-MM-DD') AS week,
              c.on_hand AS "onHand", o.units AS "onOrder", o.cost AS "onOrderCost"
       FROM counted c FULL JOIN ordered o USING (pg, sg, week)
       ORDER BY 1, 2, 3`,
      groupParams(request),
    );
    const number = (v: string | null) => (v === null ? 0 : Number(v));
    return rows.map((r) => ({ ...r, onHand: r.onHand === null ? null : Number(r.onHand), onOrder: number(r.onOrder), onOrderCost: number(r.onOrderCost) }));
  }
}

/** The groups a request names, as p(sku, grp, regular) and s(store, grp) ($1–$4 and $7, regular prices, null where not given; its weeks are $5 and $6). */
const GROUPS = `WITH p AS (SELECT * FROM unnest($1::text[], $2::text[], $7::float8[]) AS p(sku, grp, regular)),
            s AS (SELECT * FROM unnest($3::text[], $4::text[]) AS s(store, grp))`;

function groupParams(request: GroupedTotalsRequest): unknown[] {
  if (request.skus.length !== request.productGroups.length) throw new DomainError(ErrorCodes.validationFailed, 'skus and productGroups must be as long as each other');
  if (request.stores.length !== request.storeGroups.length) throw new DomainError(ErrorCodes.validationFailed, 'stores and storeGroups must be as long as each other');
  const regularPrices = request.regularPrices ?? [];
  if (regularPrices.length > 0 && regularPrices.length !== request.skus.length) throw new DomainError(ErrorCodes.validationFailed, 'regularPrices must be as long as skus');
  return [request.skus, request.productGroups, request.stores, request.storeGroups, request.from, request.to, regularPrices];
}
