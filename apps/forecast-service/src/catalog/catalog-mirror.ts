import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { CatalogPatterns } from '@tideline/contracts';
import { fetchAllPages, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { Rollups, seriesOf } from '../series/rollups';

const PAGE_SIZE = 500;
const CATALOG_TIMEOUT_MS = 15_000;

/**
 * The product and store attributes that scopes and aggregates filter by, copied from the catalog
 * (which lives in its own database) at the start of every run and whenever the catalog announces a
 * change, so aggregates follow the catalog without reading its tables.
 */
@Injectable()
export class CatalogMirror {
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(serviceClientToken('catalog')) private readonly catalog: ClientProxy,
    private readonly rollups: Rollups,
  ) {}

  /**
   * A refresh soon: a burst of change events (an import announces every record) makes at most one
   * refresh run and one more after it.
   */
  refreshSoon(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.refresh().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.refreshSoon().catch(() => undefined);
      }
    });
    return this.running;
  }

  async refresh(): Promise<void> {
    const options = { pageSize: PAGE_SIZE, timeoutMs: CATALOG_TIMEOUT_MS };
    const products = await fetchAllPages(this.catalog, CatalogPatterns.listProducts, { sort: 'sku' }, options);
    const stores = await fetchAllPages(this.catalog, CatalogPatterns.listStores, { sort: 'code' }, options);
    const columns = <T>(rows: T[], fields: Array<keyof T>) => fields.map((f) => rows.map((r) => r[f]));
    await this.dataSource.transaction(async (m) => {
      const upsert = async () => {
        await m.query(
          `INSERT INTO forecast.products (sku, name, department, category, subcategory, unit_price, unit_cost, like_sku, like_from, discontinued_on, successor_sku)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::text[], $9::date[], $10::date[], $11::text[])
           ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, department = EXCLUDED.department,
             category = EXCLUDED.category, subcategory = EXCLUDED.subcategory, unit_price = EXCLUDED.unit_price, unit_cost = EXCLUDED.unit_cost,
             like_sku = EXCLUDED.like_sku, like_from = EXCLUDED.like_from, discontinued_on = EXCLUDED.discontinued_on, successor_sku = EXCLUDED.successor_sku`,
          columns(products, ['sku', 'name', 'department', 'category', 'subcategory', 'unitPrice', 'unitCost', 'likeSku', 'likeFrom', 'discontinuedOn', 'successorSku']),
        );
        await m.query(
          `INSERT INTO forecast.stores (code, name, region, cluster, like_store, opened_on, closed_on)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[])
           ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region, cluster = EXCLUDED.cluster,
             like_store = EXCLUDED.like_store, opened_on = EXCLUDED.opened_on, closed_on = EXCLUDED.closed_on`,
          columns(stores, ['code', 'name', 'region', 'cluster', 'likeStore', 'openedOn', 'closedOn']),
        );
      };
      // Products and stores that are new or moved in the hierarchy carry their series' kept sums along.
      const movedProducts: Array<{ sku: string }> = await m.query(
        `SELECT i.sku FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS i(sku, department, category, subcategory)
         LEFT JOIN forecast.products p ON p.sku = i.sku
         WHERE (p.department, p.category, p.subcategory) IS DISTINCT FROM (i.department, i.category, i.subcategory)`,
        columns(products, ['sku', 'department', 'category', 'subcategory']),
      );
      const movedStores: Array<{ code: string }> = await m.query(
        `SELECT i.code FROM unnest($1::text[], $2::text[], $3::text[]) AS i(code, region, cluster)
         LEFT JOIN forecast.stores st ON st.code = i.code
         WHERE (st.region, st.cluster) IS DISTINCT FROM (i.region, i.cluster)`,
        columns(stores, ['code', 'region', 'cluster']),
      );
      if (movedProducts.length === 0 && movedStores.length === 0) return upsert();
      await this.rollups.change(m, seriesOf(movedProducts.map((p) => p.sku), movedStores.map((st) => st.code)), upsert);
    });
  }
}
