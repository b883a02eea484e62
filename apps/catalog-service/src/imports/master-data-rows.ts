import { CODE_PATTERN, CatalogUploadTarget, MAX_PRICE } from '@tideline/contracts';
import { Cell, CsvHeader, RowProblem, RowReader, cellOf, numberOf } from '@tideline/server-kit';

/** How one kind of master-data file is read, staged and merged. */
export interface MasterDataSpec extends RowReader {
  /** The staging column holding the natural key. */
  key: string;
  /** Upsert of the rows of a staging table into the catalog table. */
  mergeSql(staging: string): string;
}

const isPrice = (n: number) => Number.isFinite(n) && n >= 0 && n <= MAX_PRICE;

function reader(line: number, fields: string[], header: CsvHeader<string>, problems: RowProblem[]) {
  const before = problems.length;
  const cell = (c: string) => cellOf(fields, header, c);
  const problem = (column: string, value: string, reason: string) => problems.push({ line, column, value, reason });
  const text = (c: string) => {
    if (cell(c) === '') problem(c, '', `${c} is required`);
    else if (cell(c).length > 200) problem(c, cell(c).slice(0, 50), `${c} is longer than 200 characters`);
    return cell(c);
  };
  const code = (c: string) => {
    if (cell(c) === '') problem(c, '', `${c} is required`);
    else if (!CODE_PATTERN.test(cell(c))) problem(c, cell(c), `not a valid ${c} code`);
    return cell(c);
  };
  /** An optional code naming another record than this row's (`own`, its key). */
  const otherCode = (c: string, own: string): string | null => {
    const value = cell(c);
    if (value === '') return null;
    if (!CODE_PATTERN.test(value)) problem(c, value, `not a valid ${c} code`);
    else if (value === own) problem(c, value, `names this row's own code`);
    return value;
  };
  const date = (c: string): string | null => {
    const value = cell(c);
    if (value === '') return null;
    const parsed = new Date(`${value}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
      problem(c, value, 'expected a date as YYYY-MM-DD');
    }
    return value;
  };
  const shape = fields.length === header.width ? null : `expected ${header.width} fields, found ${fields.length}`;
  if (shape) problem('*', fields.join(header.delimiter).slice(0, 200), shape);
  const failed = () => problems.length > before;
  return { cell, failed, problem, text, code, otherCode, date, shape };
}

export const MASTER_DATA: Record<CatalogUploadTarget, MasterDataSpec> = {
  products: {
    required: ['sku', 'name', 'department', 'category', 'subcategory', 'brand', 'unit_price'],
    optional: ['unit_cost', 'like_sku', 'like_from', 'discontinued_on', 'successor_sku'],
    key: 'sku',
    stagingTemplate: '"catalog"."staging_products_template"',
    columns: ['sku', 'name', 'department', 'category', 'subcategory', 'brand', 'unit_price', 'unit_cost', 'like_sku', 'like_from', 'discontinued_on', 'successor_sku'],
    read(line, fields, header, problems) {
      const r = reader(line, fields, header, problems);
      if (r.shape) return undefined;
      const values: Cell[] = [line, r.code('sku'), ...['name', 'department', 'category', 'subcategory', 'brand'].map(r.text)];
      const price = numberOf(r.cell('unit_price'), header);
      if (r.cell('unit_price') === '' || !isPrice(price)) r.problem('unit_price', r.cell('unit_price'), `expected a price from 0 to ${MAX_PRICE}`);
      const cost = r.cell('unit_cost') === '' ? null : numberOf(r.cell('unit_cost'), header);
      if (cost !== null && !isPrice(cost)) r.problem('unit_cost', r.cell('unit_cost'), `expected a cost from 0 to ${MAX_PRICE}, or nothing`);
      const sku = r.cell('sku');
      const lifecycle = [r.otherCode('like_sku', sku), r.date('like_from'), r.date('discontinued_on'), r.otherCode('successor_sku', sku)];
      return r.failed() ? undefined : [...values, price, cost, ...lifecycle];
    },
    // A file without costs or lifecycle columns (or with empty cells) keeps what the catalog has;
    // the API clears them.
    mergeSql: (staging) => `INSERT INTO catalog.products (sku, name, department, category, subcategory, brand, unit_price, unit_cost,
        like_sku, like_from, discontinued_on, successor_sku, active, updated_at)
      SELECT sku, name, department, category, subcategory, brand, unit_price, unit_cost, like_sku, like_from, discontinued_on, successor_sku, true, now()
      FROM ${staging}
      ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, department = EXCLUDED.department, category = EXCLUDED.category,
        subcategory = EXCLUDED.subcategory, brand = EXCLUDED.brand, unit_price = EXCLUDED.unit_price,
        unit_cost = coalesce(EXCLUDED.unit_cost, catalog.products.unit_cost),
        like_sku = coalesce(EXCLUDED.like_sku, catalog.products.like_sku), like_from = coalesce(EXCLUDED.like_from, catalog.products.like_from),
        discontinued_on = coalesce(EXCLUDED.discontinued_on, catalog.products.discontinued_on),
        successor_sku = coalesce(EXCLUDED.successor_sku, catalog.products.successor_sku), active = true, updated_at = now()`,
  },
  stores: {
    required: ['store', 'name', 'region', 'cluster'],
    optional: ['opened_on', 'closed_on', 'like_store'],
    key: 'code',
    stagingTemplate: '"catalog"."staging_stores_template"',
    columns: ['code', 'name', 'region', 'cluster', 'opened_on', 'closed_on', 'like_store'],
    read(line, fields, header, problems) {
      const r = reader(line, fields, header, problems);
      if (r.shape) return undefined;
      const values: Cell[] = [line, r.code('store'), r.text('name'), r.text('region'), r.text('cluster')];
      const [opened, closed] = [r.date('opened_on'), r.date('closed_on')];
      if (!r.failed() && opened && closed && closed < opened) r.problem('closed_on', closed, 'closes before it opens');
      const likeStore = r.otherCode('like_store', r.cell('store'));
      return r.failed() ? undefined : [...values, opened, closed, likeStore];
    },
    mergeSql: (staging) => `INSERT INTO catalog.stores (code, name, region, cluster, opened_on, closed_on, like_store, active, updated_at)
      SELECT code, name, region, cluster, opened_on, closed_on, like_store, true, now() FROM ${staging}
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region, cluster = EXCLUDED.cluster,
        opened_on = EXCLUDED.opened_on, closed_on = EXCLUDED.closed_on,
        like_store = coalesce(EXCLUDED.like_store, catalog.stores.like_store), active = true, updated_at = now()`,
  },
};
