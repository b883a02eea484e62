import { CODE_PATTERN, CatalogUploadTarget, MAX_PRICE } from '@tideline/contracts';
import { Cell, CsvHeader, RowProblem, RowReader, cellOf } from '@tideline/server-kit';

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
  return { cell, failed, problem, text, code, date, shape };
}

export const MASTER_DATA: Record<CatalogUploadTarget, MasterDataSpec> = {
  products: {
    required: ['sku', 'name', 'department', 'category', 'subcategory', 'brand', 'unit_price'],
    optional: ['unit_cost'],
    key: 'sku',
    stagingTemplate: '"catalog"."staging_products_template"',
    columns: ['sku', 'name', 'department', 'category', 'subcategory', 'brand', 'unit_price', 'unit_cost'],
    read(line, fields, header, problems) {
      const r = reader(line, fields, header, problems);
      if (r.shape) return undefined;
      const values: Cell[] = [line, r.code('sku'), ...['name', 'department', 'category', 'subcategory', 'brand'].map(r.text)];
      const price = Number(r.cell('unit_price'));
      if (r.cell('unit_price') === '' || !isPrice(price)) r.problem('unit_price', r.cell('unit_price'), `expected a price from 0 to ${MAX_PRICE}`);
      const cost = r.cell('unit_cost') === '' ? null : Number(r.cell('unit_cost'));
      if (cost !== null && !isPrice(cost)) r.problem('unit_cost', r.cell('unit_cost'), `expected a cost from 0 to ${MAX_PRICE}, or nothing`);
      return r.failed() ? undefined : [...values, price, cost];
    },
    // A file without costs (or an empty cost) keeps the cost the catalog has.
    mergeSql: (staging) => `INSERT INTO catalog.products (sku, name, department, category, subcategory, brand, unit_price, unit_cost, active, updated_at)
      SELECT sku, name, department, category, subcategory, brand, unit_price, unit_cost, true, now() FROM ${staging}
      ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, department = EXCLUDED.department, category = EXCLUDED.category,
        subcategory = EXCLUDED.subcategory, brand = EXCLUDED.brand, unit_price = EXCLUDED.unit_price,
        unit_cost = coalesce(EXCLUDED.unit_cost, catalog.products.unit_cost), active = true, updated_at = now()`,
  },
  stores: {
    required: ['store', 'name', 'region', 'cluster'],
    optional: ['opened_on', 'closed_on'],
    key: 'code',
    stagingTemplate: '"catalog"."staging_stores_template"',
    columns: ['code', 'name', 'region', 'cluster', 'opened_on', 'closed_on'],
    read(line, fields, header, problems) {
      const r = reader(line, fields, header, problems);
      if (r.shape) return undefined;
      const values: Cell[] = [line, r.code('store'), r.text('name'), r.text('region'), r.text('cluster')];
      const [opened, closed] = [r.date('opened_on'), r.date('closed_on')];
      if (!r.failed() && opened && closed && closed < opened) r.problem('closed_on', closed, 'closes before it opens');
      return r.failed() ? undefined : [...values, opened, closed];
    },
    mergeSql: (staging) => `INSERT INTO catalog.stores (code, name, region, cluster, opened_on, closed_on, active, updated_at)
      SELECT code, name, region, cluster, opened_on, closed_on, true, now() FROM ${staging}
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region, cluster = EXCLUDED.cluster,
        opened_on = EXCLUDED.opened_on, closed_on = EXCLUDED.closed_on, active = true, updated_at = now()`,
  },
};
