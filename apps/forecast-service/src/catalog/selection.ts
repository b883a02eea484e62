import { SELECTOR_FIELDS, SeriesSelector } from '@tideline/contracts';

/** The column each selector field filters, with `p` = forecast.products and `st` = forecast.stores. */
export const SELECTOR_COLUMNS = {
  sku: 'p.sku',
  store: 'st.code',
  department: 'p.department',
  category: 'p.category',
  subcategory: 'p.subcategory',
  region: 'st.region',
  cluster: 'st.cluster',
} as const satisfies Record<(typeof SELECTOR_FIELDS)[number], string>;

/** The fields of a selector that are set, in a fixed order (so equal selections compare equal). */
export function selectorOf(input: SeriesSelector): SeriesSelector {
  const selector: SeriesSelector = {};
  for (const field of SELECTOR_FIELDS) if (input[field] !== undefined && input[field] !== '') selector[field] = input[field];
  return selector;
}

/**
 * A WHERE condition over `p` and `st` (joined to the series `s` by the caller) and its parameters,
 * numbered from `firstParam`. An empty selector selects every series.
 */
export function selectionSql(selector: SeriesSelector, firstParam = 1): { where: string; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  for (const field of SELECTOR_FIELDS) {
    const value = selector[field];
    if (value === undefined) continue;
    params.push(value);
    conditions.push(`${SELECTOR_COLUMNS[field]} = $${firstParam + params.length - 1}`);
  }
  return { where: conditions.length ? conditions.join(' AND ') : 'true', params };
}

/** Joins the series table `s` to the catalog mirror for selectionSql's conditions. */
export const SERIES_WITH_ATTRIBUTES = `forecast.series s
  JOIN forecast.products p ON p.sku = s.sku
  JOIN forecast.stores st ON st.code = s.store`;
