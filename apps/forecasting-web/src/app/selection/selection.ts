import type { SeriesSelector, TreeNode } from '@tideline/contracts';

/** The hierarchy levels a selection can hold, in the order they are named. */
export const PRODUCT_LEVELS = ['department', 'category', 'subcategory'] as const;
export const STORE_LEVELS = ['region', 'cluster'] as const;
/** Every filter of a selection (contracts' SELECTOR_FIELDS; the web bundle takes only types from contracts). */
export const SELECTOR_KEYS: readonly (keyof SeriesSelector)[] = ['sku', 'store', ...PRODUCT_LEVELS, ...STORE_LEVELS];
export type HierarchyLevel = (typeof PRODUCT_LEVELS)[number] | (typeof STORE_LEVELS)[number];

/** One choice of a hierarchy select: a level and a name, indented by its depth. */
export interface LevelOption {
  level: HierarchyLevel;
  name: string;
  depth: number;
  /** How many products or stores it holds. */
  count: number;
}

/**
 * The tree flattened in display order. Store clusters repeat under several regions, so a name
 * that was already offered at the same level is offered once, at its first place.
 */
export function levelOptions(tree: readonly TreeNode[], levels: readonly HierarchyLevel[]): LevelOption[] {
  const seen = new Set<string>();
  const out: LevelOption[] = [];
  const walk = (nodes: readonly TreeNode[], depth: number) => {
    const level = levels[depth];
    if (!level) return;
    for (const node of nodes) {
      const key = `${level}:${node.name}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ level, name: node.name, depth, count: node.count });
      }
      walk(node.children ?? [], depth + 1);
    }
  };
  walk(tree, 0);
  return out;
}

/** Says what a selection is, e.g. "P1 in store S1" or "Category Dairy × Region North". */
export function selectionLabel(s: SeriesSelector): string {
  const product = s.sku
    ? `Product ${s.sku}`
    : s.subcategory
      ? `Subcategory ${s.subcategory}`
      : s.category
        ? `Category ${s.category}`
        : s.department
          ? `Department ${s.department}`
          : 'All products';
  const store = s.store ? `store ${s.store}` : s.cluster ? `cluster ${s.cluster}` : s.region ? `region ${s.region}` : 'all stores';
  return `${product} × ${store}`;
}

/** True when the selection is one SKU in one store (a single series, not an aggregate). */
export const isSingleSeries = (s: SeriesSelector) => Boolean(s.sku && s.store);
