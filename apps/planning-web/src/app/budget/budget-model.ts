import type { BudgetCell, CalendarView, GridView, MerchandiseTargetsView, OpenToBuyFigures, OpenToBuyView, PlanView } from '@tideline/contracts';

/**
 * Measures of the plan's open-to-buy, at retail value per period: planned end stock, what is left
 * to buy, the markdown budget and gross margin after it.
 */
export type StockMeasure = 'endStock' | 'openToBuy' | 'markdowns' | 'marginAfterMarkdowns';

const STOCK_FIGURE: Record<StockMeasure, (f: OpenToBuyFigures) => number | null> = {
  endStock: (f) => f.value.endStock,
  openToBuy: (f) => f.value.openToBuy,
  markdowns: (f) => f.value.markdowns,
  marginAfterMarkdowns: (f) => f.grossMarginAfterMarkdowns,
};

/** What the grid shows: units, revenue, margin or a stock measure (edits are always in units). */
export type Measure = 'units' | 'revenue' | 'margin' | StockMeasure;

export const isStockMeasure = (measure: Measure): measure is StockMeasure => measure in STOCK_FIGURE;

export type RowLevel = 'plan' | 'category' | 'cluster';

/** One grid row: the whole plan, a category, or a category in one cluster (the cells themselves). */
export interface BudgetRow {
  key: string;
  level: RowLevel;
  category: string | null;
  cluster: string | null;
  label: string;
  /** Per week, in the measure shown; null where the measure is unknown (margin without a cost). */
  plan: (number | null)[];
  forecast: (number | null)[];
  lastYear: (number | null)[];
  /** Per week: locked (a category row counts as locked when every cell under it is). */
  locked: boolean[];
  /** Per week, for cluster rows: the cell version an edit names. */
  versions: number[];
  /** Units per week, whatever the measure: what spreads and undo work with. */
  units: number[];
  total: RowTotal;
  expandable: boolean;
  expanded: boolean;
}

export interface RowTotal {
  plan: number | null;
  forecast: number | null;
  lastYear: number | null;
  /** plan − forecast. */
  gap: number | null;
  /** plan over last year, in percent (null when last year sold nothing). */
  growth: number | null;
}

/** The plan's weeks, in order. */
export function budgetWeeks(cells: readonly BudgetCell[]): string[] {
  return [...new Set(cells.map((c) => c.week))].sort();
}

const marginOf = (revenue: number, units: number, unitCost: number | null) => (unitCost === null ? null : revenue - units * unitCost);

/** A cell's three figures in the measure shown. */
function figures(cell: BudgetCell, measure: Measure): [number | null, number | null, number | null] {
  if (measure === 'units') return [cell.plan, cell.forecast, cell.lastYear];
  if (measure === 'revenue') return [cell.planRevenue, cell.forecastRevenue, cell.lastYearRevenue];
  return [cell.planMargin, marginOf(cell.forecastRevenue, cell.forecast, cell.unitCost), marginOf(cell.lastYearRevenue, cell.lastYear, cell.unitCost)];
}

/** Null stays null once any part is unknown: a margin is not summed from what is known only. */
const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
const sum = (values: readonly (number | null)[]) => values.reduce<number | null>((t, v) => add(t, v), 0);

interface Accumulator {
  plan: (number | null)[];
  forecast: (number | null)[];
  lastYear: (number | null)[];
  units: number[];
  locked: boolean[];
  versions: number[];
}

const emptyAccumulator = (weeks: number): Accumulator => ({
  plan: new Array(weeks).fill(0),
  forecast: new Array(weeks).fill(0),
  lastYear: new Array(weeks).fill(0),
  units: new Array(weeks).fill(0),
  locked: new Array(weeks).fill(true),
  versions: new Array(weeks).fill(0),
});

function addCell(acc: Accumulator, w: number, cell: BudgetCell, measure: Measure): void {
  const [plan, forecast, lastYear] = figures(cell, measure);
  acc.plan[w] = add(acc.plan[w], plan);
  acc.forecast[w] = add(acc.forecast[w], forecast);
  acc.lastYear[w] = add(acc.lastYear[w], lastYear);
  acc.units[w] += cell.plan;
  acc.locked[w] = acc.locked[w] && cell.locked;
  acc.versions[w] = cell.version;
}

/** Adds a cluster's sums into its category's (or a category's into the whole plan's), week by week. */
function addSums(acc: Accumulator, part: Accumulator): void {
  for (let w = 0; w < acc.plan.length; w++) {
    acc.plan[w] = add(acc.plan[w], part.plan[w]);
    acc.forecast[w] = add(acc.forecast[w], part.forecast[w]);
    acc.lastYear[w] = add(acc.lastYear[w], part.lastYear[w]);
    acc.units[w] += part.units[w];
    acc.locked[w] = acc.locked[w] && part.locked[w];
    acc.versions[w] = part.versions[w];
  }
}

function toRow(acc: Accumulator, base: Pick<BudgetRow, 'key' | 'level' | 'category' | 'cluster' | 'label' | 'expandable' | 'expanded'>): BudgetRow {
  const plan = sum(acc.plan);
  const forecast = sum(acc.forecast);
  const lastYear = sum(acc.lastYear);
  const growth = plan !== null && lastYear !== null && lastYear > 0 ? (100 * (plan - lastYear)) / lastYear : null;
  return { ...base, ...acc, total: { plan, forecast, lastYear, gap: plan === null || forecast === null ? null : plan - forecast, growth } };
}

/**
 * The rows to show: the whole plan, each category, and the clusters of the expanded categories.
 * Every figure is summed from the cells, so each level adds up to the one above it.
 */
export function budgetRows(cells: readonly BudgetCell[], weeks: readonly string[], expanded: ReadonlySet<string>, measure: Measure): BudgetRow[] {
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const whole = emptyAccumulator(weeks.length);
  const categories = new Map<string, { acc: Accumulator; clusters: Map<string, Accumulator> }>();
  // Cells are summed into their cluster only; categories and the whole plan then add up clusters
  // (a plan can hold 200,000 cells and is summed again after every edit).
  for (const cell of cells) {
    const w = weekIndex.get(cell.week);
    if (w === undefined) continue;
    let category = categories.get(cell.category);
    if (!category) categories.set(cell.category, (category = { acc: emptyAccumulator(weeks.length), clusters: new Map() }));
    let cluster = category.clusters.get(cell.cluster);
    if (!cluster) category.clusters.set(cell.cluster, (cluster = emptyAccumulator(weeks.length)));
    addCell(cluster, w, cell, measure);
  }
  for (const category of categories.values()) {
    for (const cluster of category.clusters.values()) addSums(category.acc, cluster);
    addSums(whole, category.acc);
  }
  const rows: BudgetRow[] = [
    toRow(whole, { key: '*', level: 'plan', category: null, cluster: null, label: 'Whole plan', expandable: false, expanded: true }),
  ];
  for (const [name, category] of [...categories.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const open = expanded.has(name);
    rows.push(toRow(category.acc, { key: name, level: 'category', category: name, cluster: null, label: name, expandable: true, expanded: open }));
    if (!open) continue;
    for (const [cluster, acc] of [...category.clusters.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      rows.push(
        toRow(acc, {
          key: `${name}\u0000${cluster}`,
          level: 'cluster',
          category: name,
          cluster,
          label: cluster,
          expandable: false,
          expanded: false,
        }),
      );
    }
  }
  return rows;
}

/**
 * Rows showing a stock measure, column by column, from the plan's open-to-buy by category × cluster
 * in the grid's periods: a cluster row its own figures, a category the sum of its clusters, the
 * plan the sum of all (unknown where a part is: margin without a cost). The total is the last
 * period's end stock, or the sum of every period for the others.
 * Forecast and last year have no stock plan; locks and units stay (edits are in units). Until the
 * open-to-buy of these columns has loaded, every figure is unknown.
 */
export function withStockFigures(rows: readonly BudgetRow[], view: OpenToBuyView | null, measure: StockMeasure, columns: number): BudgetRow[] {
  const loaded = view !== null && view.periods.length === columns ? view : null;
  const none = () => new Array<number | null>(columns).fill(null);
  return rows.map((row) => {
    const mine = loaded?.rows.filter((r) => (row.category === null || r.category === row.category) && (row.cluster === null || r.cluster === row.cluster)) ?? [];
    const pick = STOCK_FIGURE[measure];
    const plan = loaded && mine.length > 0 ? loaded.periods.map((_, p) => mine.reduce<number | null>((t, r) => add(t, pick(r.figures[p])), 0)) : none();
    const total = plan.length === 0 || !loaded || mine.length === 0 ? null : measure === 'endStock' ? plan[plan.length - 1] : sum(plan);
    return { ...row, plan, forecast: none(), lastYear: none(), total: { plan: total, forecast: null, lastYear: null, gap: null, growth: null } };
  });
}

type MarkdownRange = MerchandiseTargetsView['markdowns'][number];

/**
 * A category's markdown budget with weeks `from`…`to` set to `amount` (none where it is 0): entries
 * overlapping them keep their weeks outside it, an amount in proportion to the weeks it keeps, a
 * rate as it was. `weeks` are the plan's Mondays, in order.
 */
export function markdownsWith(entries: readonly MarkdownRange[], weeks: readonly string[], from: string, to: string, amount: number): MarkdownRange[] {
  const index = (week: string) => weeks.indexOf(week);
  const part = (entry: MarkdownRange, first: number, last: number): MarkdownRange[] => {
    if (first > last) return [];
    const share = (last - first + 1) / (index(entry.to) - index(entry.from) + 1);
    return [{ from: weeks[first], to: weeks[last], ratePercent: entry.ratePercent, amount: entry.amount === null ? null : Math.round(entry.amount * share * 100) / 100 }];
  };
  const kept = entries.flatMap((entry) => {
    if (entry.to < from || entry.from > to) return [entry];
    return [...part(entry, index(entry.from), index(from) - 1), ...part(entry, index(to) + 1, index(entry.to))];
  });
  const added = amount > 0 ? [{ from, to, ratePercent: null, amount }] : [];
  return [...kept, ...added].sort((a, b) => a.from.localeCompare(b.from));
}

/** What an edit of a row's week (or, with `week` null, its total) changes on the server. */
export type BudgetEdit =
  | { kind: 'cell'; category: string; cluster: string; week: string; version: number; units: number; before: number }
  | { kind: 'markdowns'; category: string; from: string; to: string; amount: number; markdowns: MarkdownRange[]; before: MarkdownRange[] }
  | { kind: 'spread'; selection: { category?: string; cluster?: string; from?: string; to?: string }; total: number; before: number };

/** How the grid's columns group the plan's weeks: each week, or the fiscal months, quarters or years of the retail calendar. */
export type Period = 'week' | 'month' | 'quarter' | 'year';

/** A column of the grid: the plan weeks it adds up (their indices, in order), its header and its full name. */
export interface Column {
  weeks: number[];
  label: string;
  name: string;
}

/**
 * The grid's columns for a period. Months and quarters come from the retail calendar; a plan that
 * starts or ends inside one holds only its own weeks of it (the name says how many).
 */
export function periodColumns(weeks: readonly string[], period: Period, calendar: CalendarView | null): Column[] {
  const fiscal = new Map((calendar?.weeks ?? []).map((w) => [w.week, w]));
  if (period === 'week' || weeks.some((w) => !fiscal.has(w))) return weeks.map((week, i) => ({ weeks: [i], label: week.slice(5), name: `week of ${week}` }));
  const columns: Array<Column & { key: string; size: number }> = [];
  weeks.forEach((week, i) => {
    const f = fiscal.get(week);
    if (!f) return;
    const year = String(f.year).slice(2);
    const [key, size, label, name] =
      period === 'month'
        ? [`${f.year}-M${f.month}`, f.weeksInMonth, `M${f.month} ’${year}`, `fiscal ${f.year} month ${f.month}`]
        : period === 'quarter'
          ? [`${f.year}-Q${f.quarter}`, 0, `Q${f.quarter} ’${year}`, `fiscal ${f.year} quarter ${f.quarter}`]
          : [`${f.year}`, f.weeksInYear, `FY ’${year}`, `fiscal ${f.year}`];
    const last = columns.at(-1);
    if (last?.key === key) last.weeks.push(i);
    else columns.push({ key, size, weeks: [i], label, name });
  });
  return columns.map(({ weeks: members, label, name, size }) => ({
    weeks: members,
    label,
    name: `${name} (${size > 0 && members.length < size ? `${members.length} of its ${size} weeks` : `${members.length} weeks`}: ${weeks[members[0]]} to ${weeks[members[members.length - 1]]})`,
  }));
}

/** Rows with their weeks added up into the columns (a column is locked when all its weeks are). */
export function columnRows(rows: readonly BudgetRow[], columns: readonly Column[]): BudgetRow[] {
  const over = <T, R>(values: readonly T[], combine: (parts: T[]) => R) => columns.map((c) => combine(c.weeks.map((w) => values[w])));
  const sumOf = (parts: (number | null)[]) => parts.reduce<number | null>((t, v) => add(t, v), 0);
  return rows.map((row) => ({
    ...row,
    plan: over(row.plan, sumOf),
    forecast: over(row.forecast, sumOf),
    lastYear: over(row.lastYear, sumOf),
    units: over(row.units, (parts) => parts.reduce((t, v) => t + v, 0)),
    locked: over(row.locked, (parts) => parts.every(Boolean)),
    versions: over(row.versions, () => 0),
  }));
}

/** A value typed on a month or quarter of a row (`row` as the grid shows it, added up by column `col`): a spread over the column's weeks under the row. */
export function columnEditFor(row: BudgetRow, weeks: readonly string[], columns: readonly Column[], col: number, units: number): BudgetEdit {
  const { weeks: members } = columns[col];
  const selection = { ...(row.category ? { category: row.category } : {}), ...(row.cluster ? { cluster: row.cluster } : {}), from: weeks[members[0]], to: weeks[members[members.length - 1]] };
  return { kind: 'spread', selection, total: units, before: row.units[col] };
}

/** Turns a typed value into the request it means: a cluster row's week is one cell; anything else is a spread. */
export function editFor(row: BudgetRow, weeks: readonly string[], weekIndex: number | null, units: number): BudgetEdit {
  if (row.level === 'cluster' && row.category !== null && row.cluster !== null && weekIndex !== null) {
    return {
      kind: 'cell',
      category: row.category,
      cluster: row.cluster,
      week: weeks[weekIndex],
      version: row.versions[weekIndex],
      units,
      before: row.units[weekIndex],
    };
  }
  const selection = {
    ...(row.category ? { category: row.category } : {}),
    ...(row.cluster ? { cluster: row.cluster } : {}),
    ...(weekIndex !== null ? { from: weeks[weekIndex], to: weeks[weekIndex] } : {}),
  };
  const before = weekIndex === null ? row.units.reduce((a, b) => a + b, 0) : row.units[weekIndex];
  return { kind: 'spread', selection, total: units, before };
}

/** Spreadsheet text (tab-separated columns, one line per row) as numbers; a cell that is not a number is null. */
export function parsePasted(text: string): (number | null)[][] {
  return text
    .replace(/\r/g, '')
    .split('\n')
    .filter((line, i, lines) => line !== '' || i < lines.length - 1)
    .map((line) =>
      line.split('\t').map((cell) => {
        const cleaned = cell.trim().replace(/[\s,]/g, '');
        return cleaned === '' || Number.isNaN(Number(cleaned)) ? null : Number(cleaned);
      }),
    );
}

export const cellKey = (category: string, cluster: string, week: string) => `${category}\u0000${cluster}\u0000${week}`;

/**
 * The grid with `changed` cells in place of the ones they update (same category, cluster and
 * week) and the plan as it is now: what an edit changed, without loading every cell again.
 */
export function patchGrid(grid: GridView, changed: readonly BudgetCell[], plan: PlanView): GridView {
  const byKey = new Map(changed.map((c) => [cellKey(c.category, c.cluster, c.week), c]));
  // Only cells of a changed category are looked up by key: building a key for each of 200,000 cells took most of an edit.
  const categories = new Set(changed.map((c) => c.category));
  return { ...grid, plan, cells: grid.cells.map((c) => (categories.has(c.category) ? (byKey.get(cellKey(c.category, c.cluster, c.week)) ?? c) : c)) };
}

/**
 * What to show when a load lands: the loaded grid, except where the grid shown holds a newer
 * version (of a cell, or of the plan) of the same plan. A reload started before one of the page's
 * own edits can land after it; it must not take the edit back.
 */
export function newestOf(loaded: GridView, shown: GridView): GridView {
  if (loaded.plan.id !== shown.plan.id) return loaded;
  const byKey = new Map(shown.cells.map((c) => [cellKey(c.category, c.cluster, c.week), c]));
  return {
    ...loaded,
    plan: shown.plan.version > loaded.plan.version ? shown.plan : loaded.plan,
    cells: loaded.cells.map((c) => {
      const mine = byKey.get(cellKey(c.category, c.cluster, c.week));
      return mine && mine.version > c.version ? mine : c;
    }),
  };
}
