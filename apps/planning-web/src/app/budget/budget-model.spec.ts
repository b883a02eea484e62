import type { BudgetCell, CalendarView, GridView, OpenToBuyFigures, OpenToBuyView, PlanView } from '@tideline/contracts';
import { budgetRows, budgetWeeks, markdownsWith, withStockFigures, columnEditFor, columnRows, editFor, newestOf, parsePasted, patchGrid, periodColumns } from './budget-model';

const cell = (category: string, cluster: string, week: string, plan: number, over: Partial<BudgetCell> = {}): BudgetCell => ({
  category,
  cluster,
  week,
  forecast: plan - 1,
  plan,
  locked: false,
  version: 1,
  price: 2,
  planRevenue: plan * 2,
  forecastRevenue: (plan - 1) * 2,
  unitCost: 1.5,
  planMargin: plan * 0.5,
  lastYear: plan - 2,
  lastYearRevenue: (plan - 2) * 2,
  actual: null,
  actualRevenue: null,
  remaining: plan,
  ...over,
});

const W1 = '2027-01-04';
const W2 = '2027-01-11';
const cells = [
  cell('Dairy', 'Urban', W1, 10, { locked: true, version: 3 }),
  cell('Dairy', 'Urban', W2, 20),
  cell('Dairy', 'Rural', W1, 5),
  cell('Dairy', 'Rural', W2, 7, { unitCost: null, planMargin: null }),
  cell('Bakery', 'Urban', W1, 1),
  cell('Bakery', 'Urban', W2, 2),
];

describe('budget rows', () => {
  const weeks = budgetWeeks(cells);

  it('adds every level up from the cells: the whole plan, categories, and the clusters of open categories', () => {
    const rows = budgetRows(cells, weeks, new Set(['Dairy']), 'units');
    expect(rows.map((r) => [r.level, r.label, r.plan, r.total.plan])).toEqual([
      ['plan', 'Whole plan', [16, 29], 45],
      ['category', 'Bakery', [1, 2], 3],
      ['category', 'Dairy', [15, 27], 42],
      ['cluster', 'Rural', [5, 7], 12],
      ['cluster', 'Urban', [10, 20], 30],
    ]);
    const dairy = rows[2];
    expect(dairy.total).toEqual({ plan: 42, forecast: 38, lastYear: 34, gap: 4, growth: (100 * 8) / 34 });
    expect(rows[4].locked).toEqual([true, false]);
    expect(rows[4].versions).toEqual([3, 1]);
  });

  it('shows a margin as unknown where any cell under it has no cost', () => {
    const rows = budgetRows(cells, weeks, new Set(['Dairy']), 'margin');
    expect(rows.find((r) => r.label === 'Rural')?.plan).toEqual([2.5, null]);
    expect(rows.find((r) => r.label === 'Dairy')?.total.plan).toBeNull();
    expect(rows.find((r) => r.label === 'Bakery')?.total.plan).toBe(1.5);
  });

  it('turns a typed value into one cell for a cluster week, and into a spread for anything larger', () => {
    const rows = budgetRows(cells, weeks, new Set(['Dairy']), 'revenue');
    const urban = rows[4];
    expect(editFor(urban, weeks, 0, 12)).toEqual({ kind: 'cell', category: 'Dairy', cluster: 'Urban', week: W1, version: 3, units: 12, before: 10 });
    expect(editFor(urban, weeks, null, 40)).toEqual({ kind: 'spread', selection: { category: 'Dairy', cluster: 'Urban' }, total: 40, before: 30 });
    expect(editFor(rows[2], weeks, 1, 30)).toEqual({ kind: 'spread', selection: { category: 'Dairy', from: W2, to: W2 }, total: 30, before: 27 });
    expect(editFor(rows[0], weeks, null, 50)).toEqual({ kind: 'spread', selection: {}, total: 50, before: 45 });
  });

  it('reads spreadsheet text, with thousands separators and blanks', () => {
    expect(parsePasted('1,200\t3\n\tx\t7\r\n')).toEqual([
      [1200, 3],
      [null, null, 7],
    ]);
  });
});

describe('patchGrid', () => {
  it('puts the changed cells in place of theirs, keeps the rest and their order, and takes the new plan', () => {
    const before = { plan: { id: 'p', version: 4 } as PlanView, cells, rollups: [] } as GridView;
    const edited = cell('Dairy', 'Rural', W1, 50, { version: 2 });
    const after = patchGrid(before, [edited], { id: 'p', version: 5 } as PlanView);
    expect(after.plan.version).toBe(5);
    expect(after.cells).toHaveLength(cells.length);
    expect(after.cells[2]).toBe(edited);
    expect(after.cells.filter((c) => c !== edited)).toEqual(cells.filter((_, i) => i !== 2));
    expect(before.cells[2].plan).toBe(5); // the loaded grid itself is untouched
  });

  it('ignores a changed cell the grid does not hold', () => {
    const before = { plan: { id: 'p', version: 4 } as PlanView, cells, rollups: [] } as GridView;
    expect(patchGrid(before, [cell('Frozen', 'Urban', W1, 3)], before.plan).cells).toEqual(cells);
  });
});

describe('newestOf', () => {
  const grid = (version: number, cellsOf: BudgetCell[], id = 'p') => ({ plan: { id, version } as PlanView, cells: cellsOf, rollups: [] }) as GridView;

  it('keeps an edit the page made after a reload it is replacing had started', () => {
    const edited = cell('Dairy', 'Rural', W1, 50, { version: 2 });
    const shown = grid(5, cells.map((c, i) => (i === 2 ? edited : c)));
    const stale = grid(4, cells);
    const merged = newestOf(stale, shown);
    expect(merged.cells[2]).toBe(edited);
    expect(merged.plan.version).toBe(5);
  });

  it("takes everything newer that the load brings, someone else's changes included", () => {
    const theirs = cell('Bakery', 'Urban', W2, 9, { version: 7 });
    const loaded = grid(9, cells.map((c, i) => (i === 5 ? theirs : c)));
    const merged = newestOf(loaded, grid(5, cells));
    expect(merged.cells[5]).toBe(theirs);
    expect(merged.plan.version).toBe(9);
  });

  it('takes the loaded grid whole when it is another plan', () => {
    const other = grid(1, [cell('Frozen', 'Urban', W1, 3)], 'q');
    expect(newestOf(other, grid(5, cells))).toBe(other);
  });
});

describe('fiscal months and quarters', () => {
  // Four weeks across a month end: the last two of fiscal 2026's month 1 (4 weeks) and the first two of month 2 (5 weeks).
  const weeks = ['2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09'];
  const fiscal = (week: string, month: number, weekOfMonth: number, weeksInMonth: number) => ({
    week, year: 2026, weekOfYear: 0, weeksInYear: 52, month, weekOfMonth, weeksInMonth, quarter: 1, lastYear: null, lastYearByHoliday: null,
  });
  const calendar: CalendarView = {
    calendar: { pattern: '4-5-4', yearEnd: '01-31', namedBy: 'start' },
    weeks: [fiscal(weeks[0], 1, 3, 4), fiscal(weeks[1], 1, 4, 4), fiscal(weeks[2], 2, 1, 5), fiscal(weeks[3], 2, 2, 5)],
  };

  it('groups the plan weeks into the months and quarters of the calendar, saying when a plan holds part of one', () => {
    expect(periodColumns(weeks, 'month', calendar)).toEqual([
      { weeks: [0, 1], label: 'M1 ’26', name: 'fiscal 2026 month 1 (2 of its 4 weeks: 2026-02-16 to 2026-02-23)' },
      { weeks: [2, 3], label: 'M2 ’26', name: 'fiscal 2026 month 2 (2 of its 5 weeks: 2026-03-02 to 2026-03-09)' },
    ]);
    expect(periodColumns(weeks, 'quarter', calendar).map((c) => c.weeks)).toEqual([[0, 1, 2, 3]]);
    expect(periodColumns(weeks, 'year', calendar)).toEqual([{ weeks: [0, 1, 2, 3], label: 'FY ’26', name: 'fiscal 2026 (4 of its 52 weeks: 2026-02-16 to 2026-03-09)' }]);
    // Without the calendar (not loaded), weeks.
    expect(periodColumns(weeks, 'month', null)).toHaveLength(4);
  });

  it('adds weeks up into the columns (locked only when every week is) and spreads a value typed on one over its weeks', () => {
    const monthCells = weeks.map((week, i) => cell('Dairy', 'Urban', week, 10 * (i + 1), { locked: i === 0 }));
    const rows = budgetRows(monthCells, weeks, new Set(['Dairy']), 'units');
    const columns = periodColumns(weeks, 'month', calendar);
    const [whole, , urban] = columnRows(rows, columns);
    expect(whole.plan).toEqual([30, 70]);
    expect(urban.units).toEqual([30, 70]);
    expect(urban.locked).toEqual([false, false]);
    expect(columnEditFor(urban, weeks, columns, 1, 100)).toEqual({
      kind: 'spread',
      selection: { category: 'Dairy', cluster: 'Urban', from: '2026-03-02', to: '2026-03-09' },
      total: 100,
      before: 70,
    });
  });
});

describe('stock measures', () => {
  const weeks = budgetWeeks(cells);
  /** Figures whose value flows are `end` and `otb`. */
  const figures = (end: number, otb: number) => ({ value: { endStock: end, openToBuy: otb } }) as unknown as OpenToBuyFigures;
  const view = {
    periods: [{}, {}],
    rows: [
      { category: 'Bakery', cluster: 'Urban', figures: [figures(1, 10), figures(2, 20)] },
      { category: 'Dairy', cluster: 'Rural', figures: [figures(3, 30), figures(4, 40)] },
      { category: 'Dairy', cluster: 'Urban', figures: [figures(5, 50), figures(6, 60)] },
    ],
  } as unknown as OpenToBuyView;

  it('shows each row its open-to-buy per period, categories and the plan adding up clusters, and the periods summed as the total', () => {
    const rows = withStockFigures(budgetRows(cells, weeks, new Set(['Dairy']), 'units'), view, 'openToBuy', 2);
    expect(rows.map((r) => [r.label, r.plan, r.total.plan])).toEqual([
      ['Whole plan', [90, 120], 210],
      ['Bakery', [10, 20], 30],
      ['Dairy', [80, 100], 180],
      ['Rural', [30, 40], 70],
      ['Urban', [50, 60], 110],
    ]);
    expect(rows[0].forecast).toEqual([null, null]);
    expect(rows[0].total).toMatchObject({ forecast: null, lastYear: null, gap: null, growth: null });
    // Locks and units stay: edits still work in units.
    expect(rows[4].locked).toEqual([true, false]);
    expect(rows[4].units).toEqual([10, 20]);
  });

  it('takes the last period\'s end stock as the total, and shows nothing until the open-to-buy of these columns has loaded', () => {
    const rows = withStockFigures(budgetRows(cells, weeks, new Set(), 'units'), view, 'endStock', 2);
    expect(rows.map((r) => [r.label, r.plan, r.total.plan])).toEqual([
      ['Whole plan', [9, 12], 12],
      ['Bakery', [1, 2], 2],
      ['Dairy', [8, 10], 10],
    ]);
    const waiting = withStockFigures(budgetRows(cells, weeks, new Set(), 'units'), view, 'endStock', 3);
    expect(waiting.map((r) => [r.plan, r.total.plan])).toEqual([[[null, null, null], null], [[null, null, null], null], [[null, null, null], null]]);
    expect(withStockFigures(budgetRows(cells, weeks, new Set(), 'units'), null, 'openToBuy', 2)[0].total.plan).toBeNull();
  });
});

describe('markdownsWith', () => {
  const weeks = ['2026-11-30', '2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28', '2027-01-04'];
  const entry = (from: string, to: string, ratePercent: number | null, amount: number | null) => ({ from, to, ratePercent, amount });

  it('sets an amount over its weeks, cutting entries around it: a rate kept, an amount in proportion to the weeks it keeps', () => {
    const before = [entry('2026-11-30', '2026-12-14', 10, null), entry('2026-12-21', '2027-01-04', null, 300)];
    expect(markdownsWith(before, weeks, '2026-12-14', '2026-12-21', 500)).toEqual([
      entry('2026-11-30', '2026-12-07', 10, null),
      entry('2026-12-14', '2026-12-21', null, 500),
      entry('2026-12-28', '2027-01-04', null, 200),
    ]);
  });

  it('leaves entries elsewhere alone, splits one that spans the weeks in two, and takes the weeks out with 0', () => {
    const whole = [entry('2026-11-30', '2027-01-04', 5, null)];
    expect(markdownsWith(whole, weeks, '2026-12-14', '2026-12-14', 0)).toEqual([entry('2026-11-30', '2026-12-07', 5, null), entry('2026-12-21', '2027-01-04', 5, null)]);
    expect(markdownsWith([], weeks, '2027-01-04', '2027-01-04', 80)).toEqual([entry('2027-01-04', '2027-01-04', null, 80)]);
    const apart = [entry('2026-11-30', '2026-11-30', null, 40)];
    expect(markdownsWith(apart, weeks, '2026-12-07', '2026-12-14', 60)).toEqual([...apart, entry('2026-12-07', '2026-12-14', null, 60)]);
  });
});
