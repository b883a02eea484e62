import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { HistorySeries, MAX_SERIES_PER_REQUEST, SalesPatterns, SeriesKey, addWeeks } from '@tideline/contracts';
import {
  MAX_PROFILE_SERIES,
  PHASE_IN_WEEKS,
  SUCCESSION_WEEKS,
  ReferenceGroup,
  SeriesRef,
  chooseReference,
  fillCensored,
  interpolateWeeks,
  referenceGroups,
} from '@tideline/forecast-engine';
import { sendRpc, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';

const SALES_TIMEOUT_MS = 30_000;

/** What a series' life changes in its forecast; horizon indices count from the first week after the origin. */
export interface SeriesLifecycle {
  /** The first horizon week with a forecast: after a launch still ahead (`like_from`), else 0. */
  activeFrom: number;
  /** The first horizon week without one: the product's discontinuation or the store's closing, else the horizon. */
  activeTo: number;
  /** A new series' reference: an average of established histories, promotions interpolated out. */
  reference?: { kind: string; history: number[]; profile: boolean };
  /** A successor's predecessor in the same store: its history, and the horizon index of its end. */
  predecessor?: { sku: string; history: number[]; endIndex: number };
}

interface ProductRow {
  sku: string;
  subcategory: string;
  like_sku: string | null;
  like_from: string | null;
  discontinued_on: string | null;
}
interface StoreRow {
  code: string;
  cluster: string;
  like_store: string | null;
  closed_on: string | null;
}

/** Horizon weeks (Mondays after `asOf`) that start before `date`: where a forecast ends or begins. */
export function weeksBefore(asOf: string, date: string | null, horizon: number): number {
  if (!date) return horizon;
  let h = 0;
  while (h < horizon && addWeeks(asOf, h + 1) < date) h++;
  return h;
}

const keyOf = (k: SeriesRef) => `${k.sku}|${k.store}`;

/**
 * Reads what the catalog says about the life of a group of series (the forecast's copy of it) and
 * the histories that new series and successors lean on: for each new series (less than
 * PHASE_IN_WEEKS of its own) the first reference group with an established series, asked of the
 * sales service group by group, so that most series need one request; for a successor, its
 * predecessor's history in the same store.
 */
@Injectable()
export class LifecycleReader {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(serviceClientToken('sales')) private readonly sales: ClientProxy,
  ) {}

  async read(series: HistorySeries[], asOf: string, horizon: number): Promise<SeriesLifecycle[]> {
    const skus = [...new Set(series.map((s) => s.sku))];
    const storeCodes = [...new Set(series.map((s) => s.store))];
    const [products, stores, predecessors] = await Promise.all([
      this.dataSource.query(
        `SELECT sku, subcategory, like_sku, to_char(like_from, 'YYYY-MM-DD') AS like_from, to_char(discontinued_on, 'YYYY-MM-DD') AS discontinued_on
         FROM forecast.products WHERE sku = ANY($1)`,
        [skus],
      ) as Promise<ProductRow[]>,
      this.dataSource.query(`SELECT code, cluster, like_store, to_char(closed_on, 'YYYY-MM-DD') AS closed_on FROM forecast.stores WHERE code = ANY($1)`, [
        storeCodes,
      ]) as Promise<StoreRow[]>,
      this.dataSource.query(
        `SELECT sku, successor_sku, to_char(discontinued_on, 'YYYY-MM-DD') AS discontinued_on FROM forecast.products
         WHERE successor_sku = ANY($1) AND discontinued_on > $2::date - $3::int * 7`,
        [skus, asOf, SUCCESSION_WEEKS],
      ) as Promise<Array<{ sku: string; successor_sku: string; discontinued_on: string }>>,
    ]);
    const product = new Map(products.map((p) => [p.sku, p]));
    const store = new Map(stores.map((s) => [s.code, s]));
    const predecessor = new Map(predecessors.map((p) => [p.successor_sku, p]));

    const lifecycles: SeriesLifecycle[] = series.map((s) => {
      const p = product.get(s.sku);
      const ends = [p?.discontinued_on ?? null, store.get(s.store)?.closed_on ?? null].map((date) => weeksBefore(asOf, date, horizon));
      const launch = s.units.length === 0 && p?.like_from && p.like_from > asOf ? weeksBefore(asOf, p.like_from, horizon) : 0;
      return { activeFrom: launch, activeTo: Math.min(...ends) };
    });

    // Successors: the predecessor's history in the same store.
    const successions = series.flatMap((s, i) => {
      const before = predecessor.get(s.sku);
      return before && lifecycles[i].activeTo > 0 ? [{ i, key: { sku: before.sku, store: s.store }, end: before.discontinued_on }] : [];
    });
    if (successions.length > 0) {
      const found = await this.histories(successions.map(({ key }) => key), asOf);
      for (const { i, key, end } of successions) {
        const history = found.get(keyOf(key));
        // Negative when the end is past: minus the weeks the successor has sold on its own since.
        if (history) lifecycles[i].predecessor = { sku: key.sku, history, endIndex: end > asOf ? weeksBefore(asOf, end, horizon) : -weeksSince(end, asOf) };
      }
    }

    // New series: their reference, group by group.
    const needing = series
      .map((s, i) => ({ s, i }))
      .filter(({ s, i }) => s.units.length < PHASE_IN_WEEKS && !lifecycles[i].predecessor && lifecycles[i].activeTo > lifecycles[i].activeFrom);
    if (needing.length === 0) return lifecycles;
    const groups = await this.groupsOf(needing.map(({ s }) => s), product, store);
    let pending = needing.map(({ i }, n) => ({ i, groups: groups[n] })).filter((entry) => entry.groups.length > 0);
    const known = new Map<string, number[] | undefined>();
    while (pending.length > 0) {
      const wanted = [...new Set(pending.flatMap(({ groups: [group] }) => [...group.keys, ...(group.level ? [group.level] : [])].map(keyOf)))].filter((k) => !known.has(k));
      const found = await this.histories(wanted.map((k) => ({ sku: k.split('|')[0], store: k.split('|')[1] })), asOf);
      for (const key of wanted) known.set(key, found.get(key));
      const next: typeof pending = [];
      for (const entry of pending) {
        const chosen = chooseReference([entry.groups[0]], (k) => known.get(keyOf(k)));
        if (chosen) lifecycles[entry.i].reference = chosen;
        else if (entry.groups.length > 1) next.push({ i: entry.i, groups: entry.groups.slice(1) });
      }
      pending = next;
    }
    return lifecycles;
  }

  /** Each new series' reference groups, from the cluster's stores and the subcategory's products. */
  private async groupsOf(series: HistorySeries[], product: Map<string, ProductRow>, store: Map<string, StoreRow>): Promise<ReferenceGroup[][]> {
    const clusters = [...new Set(series.map((s) => store.get(s.store)?.cluster).filter((c) => c !== undefined))];
    const subcategories = [...new Set(series.map((s) => product.get(s.sku)?.subcategory).filter((c) => c !== undefined))];
    // Capped: an average of MAX_PROFILE_SERIES series is stable, and a chain's cluster may hold hundreds of stores.
    const [clusterRows, subcategoryRows] = await Promise.all([
      this.dataSource.query(`SELECT cluster, (array_agg(code ORDER BY code))[1:$2] AS codes FROM forecast.stores WHERE cluster = ANY($1) GROUP BY cluster`, [
        clusters,
        MAX_PROFILE_SERIES,
      ]) as Promise<Array<{ cluster: string; codes: string[] }>>,
      this.dataSource.query(
        `SELECT subcategory, (array_agg(sku ORDER BY sku))[1:$2] AS skus FROM forecast.products WHERE subcategory = ANY($1) GROUP BY subcategory`,
        [subcategories, MAX_PROFILE_SERIES],
      ) as Promise<Array<{ subcategory: string; skus: string[] }>>,
    ]);
    const clusterStores = new Map(clusterRows.map((r) => [r.cluster, r.codes]));
    const subcategorySkus = new Map(subcategoryRows.map((r) => [r.subcategory, r.skus]));
    return series.map((s) => {
      const p = product.get(s.sku);
      const st = store.get(s.store);
      return referenceGroups(s, {
        likeSku: p?.like_sku,
        likeStore: st?.like_store,
        clusterStores: (st && clusterStores.get(st.cluster)) ?? [],
        subcategorySkus: (p && subcategorySkus.get(p.subcategory)) ?? [],
      });
    });
  }

  /**
   * Histories up to `asOf` as a reference takes them: out-of-stock weeks filled with their
   * estimated demand and promoted weeks interpolated (a baseline); series without sales are absent.
   */
  private async histories(keys: SeriesKey[], asOf: string): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>();
    for (let i = 0; i < keys.length; i += MAX_SERIES_PER_REQUEST) {
      const { series } = await sendRpc(this.sales, SalesPatterns.history, { keys: keys.slice(i, i + MAX_SERIES_PER_REQUEST), to: asOf }, SALES_TIMEOUT_MS);
      for (const s of series) {
        if (s.units.length === 0) continue;
        const demand = s.censored?.includes(1) ? fillCensored(s.units, s.censored) : s.units;
        found.set(keyOf(s), interpolateWeeks(demand, s.promo));
      }
    }
    return found;
  }
}

/** Whole weeks from a date to an origin (a Monday): how long ago a product ended. */
function weeksSince(date: string, asOf: string): number {
  return Math.max(0, Math.round((Date.parse(asOf) - Date.parse(date)) / (7 * 86_400_000)) + 1);
}
