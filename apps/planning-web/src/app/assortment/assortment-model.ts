import type { AssortmentView, RangeItem } from '@tideline/contracts';

/** One product row of the matrix: its item in each cluster (absent where the plan has none). */
export interface ProductRow {
  sku: string;
  name: string;
  category: string;
  byCluster: Record<string, RangeItem | undefined>;
}

export interface ClusterSummary {
  cluster: string;
  kept: number;
  units: number;
  revenue: number;
}

export function clustersOf(view: AssortmentView): string[] {
  return [...new Set(view.items.map((i) => i.cluster))].sort();
}

export function categoriesOf(view: AssortmentView): string[] {
  return [...new Set(view.items.map((i) => i.category))].sort();
}

/** Products × clusters of one category (all when empty), products in name order. */
export function productRows(view: AssortmentView, category: string): ProductRow[] {
  const rows = new Map<string, ProductRow>();
  for (const item of view.items) {
    if (category && item.category !== category) continue;
    let row = rows.get(item.sku);
    if (!row) rows.set(item.sku, (row = { sku: item.sku, name: item.name, category: item.category, byCluster: {} }));
    row.byCluster[item.cluster] = item;
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name) || a.sku.localeCompare(b.sku));
}

/** What each cluster keeps of the category (all when empty): products, forecast units and revenue. */
export function clusterSummaries(view: AssortmentView, category: string): ClusterSummary[] {
  const out = new Map<string, ClusterSummary>();
  for (const s of view.summary) {
    if (category && s.category !== category) continue;
    const c = out.get(s.cluster) ?? { cluster: s.cluster, kept: 0, units: 0, revenue: 0 };
    out.set(s.cluster, { cluster: s.cluster, kept: c.kept + s.kept, units: c.units + s.units, revenue: c.revenue + s.revenue });
  }
  return [...out.values()].sort((a, b) => a.cluster.localeCompare(b.cluster));
}
