import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatIcon } from '@angular/material/icon';
import type { BudgetCell, CellChange, GridView, MerchandiseTargetsView, PlanView } from '@tideline/contracts';
import { DataTable, downloadText, PageState, TableColumn, TimeChart } from '@tideline/ui';
import { apiErrorMessage, AuthService } from '@tideline/web-core';
import { HttpErrorResponse } from '@angular/common/http';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, concatMap, distinctUntilChanged, forkJoin, from, map, Observable, of, Subject, switchMap, throwError, toArray } from 'rxjs';
import { PlanningApi } from '../api/planning-api';
import { NoPlan } from '../plans/no-plan';
import { planData, routedPlanId, STATUS_LABELS } from '../plans/routed-plan';
import { BudgetEdit, BudgetRow, budgetRows, budgetWeeks, cellKey, columnEditFor, columnRows, editFor, isStockMeasure, markdownsWith, Measure, newestOf, patchGrid, Period, periodColumns, withStockFigures } from './budget-model';
import { MerchandiseTargetsPanel } from './merchandise-targets-panel';
import { BudgetGrid, CellEdited, CellsPasted } from './budget-grid';

/** A change that failed because someone else changed the same thing first. */
interface Conflict {
  edit: BudgetEdit;
  message: string;
}

/**
 * `/budget?plan=`: the budget grid of a plan. A cluster row's week is one cell; any other figure
 * (a category's week, a total, the whole plan) spreads top-down, keeping locked cells. Every
 * change can be undone, and a change that meets someone else's newer one asks which to keep.
 */
@Component({
  selector: 'app-budget-page',
  imports: [BudgetGrid, MerchandiseTargetsPanel, DataTable, PageState, TimeChart, NoPlan, MatButton, MatButtonToggleGroup, MatButtonToggle, MatIcon],
  templateUrl: './budget-page.html',
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BudgetPage {
  private readonly api = inject(PlanningApi);
  private readonly auth = inject(AuthService);
  private readonly reloads = new Subject<void>();

  protected readonly planId = routedPlanId();
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly measure = signal<Measure>('units');
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  protected readonly focusedKey = signal('*');
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly failure = signal<string | null>(null);
  protected readonly conflict = signal<Conflict | null>(null);
  /** Each entry undoes one change (a paste is one change of many cells). */
  private readonly undoStack = signal<BudgetEdit[][]>([]);
  protected readonly canUndo = computed(() => this.undoStack().length > 0);

  protected readonly grid = planData(this.planId, (id) => this.api.grid(id), this.reloads, (g) => g.cells.length === 0);
  /**
   * The grid as shown: as last loaded, with this page's own changes patched in. A plan can hold
   * hundreds of thousands of cells, so an edit fetches only what it changed, never every cell.
   */
  private readonly shown = linkedSignal<GridView | null, GridView | null>({
    source: () => this.grid().value ?? null,
    computation: (loaded, previous) => (loaded && previous?.value ? newestOf(loaded, previous.value) : loaded),
  });
  protected readonly plan = computed(() => this.shown()?.plan ?? null);
  protected readonly editable = computed(() => this.plan()?.status === 'draft' && this.auth.hasAnyRole(['admin', 'category_manager']));
  protected readonly weeks = computed(() => budgetWeeks(this.shown()?.cells ?? []));
  /** Stock measures are laid over the rows in units (their locks and units stay what edits work with). */
  private readonly weekRows = computed(() => {
    const measure = this.measure();
    return budgetRows(this.shown()?.cells ?? [], this.weeks(), this.expanded(), isStockMeasure(measure) ? 'units' : measure);
  });
  /** Weeks, or the retail calendar's months or quarters (their values the sum of their weeks; typing on one spreads over them). */
  protected readonly period = signal<Period>('week');
  private readonly calendarPeriod = computed(() => {
    const plan = this.plan();
    return plan ? `${plan.from} ${plan.to}` : null;
  });
  /** The plan's weeks in the retail calendar; null until loaded (or if it cannot be: the grid then stays in weeks). */
  protected readonly calendar = toSignal(
    toObservable(this.calendarPeriod).pipe(
      distinctUntilChanged(),
      switchMap((period) => (period ? this.api.calendar(period.split(' ')[0], period.split(' ')[1]).pipe(catchError(() => of(null))) : of(null))),
    ),
    { initialValue: null },
  );
  protected readonly columns = computed(() => periodColumns(this.weeks(), this.period(), this.calendar()));
  private readonly byColumn = computed(() => this.period() !== 'week' && this.columns().length < this.weeks().length);
  private readonly unitRows = computed(() => (this.byColumn() ? columnRows(this.weekRows(), this.columns()) : this.weekRows()));
  /**
   * The plan's open-to-buy in the grid's periods while a stock measure is shown, loaded again
   * whenever the plan's version moves (an edit here, a target or someone else's change).
   */
  private readonly stockKey = computed(() => {
    const plan = this.plan();
    if (!plan || !isStockMeasure(this.measure())) return null;
    return { id: plan.id, version: plan.version, period: this.byColumn() ? this.period() : ('week' as const) };
  });
  protected readonly stock = toSignal(
    toObservable(this.stockKey).pipe(
      distinctUntilChanged((a, b) => a?.id === b?.id && a?.version === b?.version && a?.period === b?.period),
      switchMap((key) =>
        key
          ? this.api.openToBuy(key.id, key.period).pipe(
              catchError((e: unknown) => {
                this.failure.set(apiErrorMessage(e, 'The stock plan could not be loaded.'));
                return of(null);
              }),
            )
          : of(null),
      ),
    ),
    { initialValue: null },
  );
  protected readonly rows = computed(() => {
    const measure = this.measure();
    const rows = this.unitRows();
    return isStockMeasure(measure) ? withStockFigures(rows, this.stock(), measure, rows[0]?.plan.length ?? 0) : rows;
  });
  /** The category whose targets the stock panel edits: the focused row's. */
  protected readonly focusedCategory = computed(() => this.weekRows().find((r) => r.key === this.focusedKey())?.category ?? null);
  protected readonly isStockMeasure = isStockMeasure;
  protected readonly columnLabels = computed(() => (this.byColumn() ? this.columns().map((c) => c.label) : null));
  protected readonly columnNames = computed(() => (this.byColumn() ? this.columns().map((c) => c.name) : null));
  protected readonly columnWeeks = computed(() => (this.byColumn() ? this.columns().map((c) => this.weeks()[c.weeks[0]]) : this.weeks()));
  /** The chart always shows weeks. */
  protected readonly focusedRow = computed(() => this.weekRows().find((r) => r.key === this.focusedKey()) ?? this.weekRows()[0]);
  protected readonly chartLines = computed(() => {
    const row = this.focusedRow();
    if (!row) return [];
    return [
      { name: 'Plan', values: row.plan, color: '#00838f' },
      { name: 'Forecast', values: row.forecast, color: '#ef6c00', dashed: true },
      { name: 'Last year', values: row.lastYear, color: '#546e7a', dashed: true },
    ];
  });
  private readonly cellsByKey = computed(() => new Map((this.shown()?.cells ?? []).map((c) => [cellKey(c.category, c.cluster, c.week), c])));

  /** The focused cluster-week cell, whose history can be shown. */
  protected readonly historyCell = signal<{ category: string; cluster: string; week: string } | null>(null);
  protected readonly cellHistory = signal<CellChange[] | null>(null);
  protected readonly historyColumns = CELL_HISTORY_COLUMNS;

  protected focusCell({ row, week }: { row: BudgetRow; week: number | null }): void {
    const cell = !this.byColumn() && row.level === 'cluster' && row.category && row.cluster && week !== null ? { category: row.category, cluster: row.cluster, week: this.weeks()[week] } : null;
    this.historyCell.set(cell);
    this.cellHistory.set(null);
  }

  protected showCellHistory(): void {
    const [id, cell] = [this.planId(), this.historyCell()];
    if (!id || !cell) return;
    this.api.cellHistory(id, cell).subscribe({
      next: (changes) => this.cellHistory.set([...changes].reverse()),
      error: (e: unknown) => this.failure.set(apiErrorMessage(e, 'The history of the cell could not be loaded.')),
    });
  }

  protected expandAll(open: boolean): void {
    this.expanded.set(open ? new Set((this.shown()?.cells ?? []).map((c) => c.category)) : new Set());
  }

  protected toggleExpand(row: BudgetRow): void {
    const next = new Set(this.expanded());
    if (!next.delete(row.key)) next.add(row.key);
    this.expanded.set(next);
  }

  protected focusRow(row: BudgetRow): void {
    this.focusedKey.set(row.key);
  }

  protected saveEdit({ row, week, units }: CellEdited): void {
    if (this.measure() === 'markdowns') {
      this.saveMarkdowns(row, week, units);
      return;
    }
    const edit = this.byColumn() && week !== null ? columnEditFor(row, this.weeks(), this.columns(), week, Math.round(units)) : editFor(row, this.weeks(), week, Math.round(units));
    this.run([edit], `${describe(edit)} saved.`, true);
  }

  /** A category's markdown budget typed for a period: that amount over its weeks, the rest of the budget kept (see markdownsWith). */
  private saveMarkdowns(row: BudgetRow, column: number | null, amount: number): void {
    const [id, category] = [this.planId(), row.category];
    if (!id || !category || column === null) return;
    const members = this.byColumn() ? this.columns()[column].weeks : [column];
    const [from, to] = [this.weeks()[members[0]], this.weeks()[members[members.length - 1]]];
    this.api.merchandiseTargets(id).subscribe({
      next: (targets) => {
        const before = targets.find((t) => t.category === category)?.markdowns ?? [];
        const edit: BudgetEdit = { kind: 'markdowns', category, from, to, amount, before, markdowns: markdownsWith(before, this.weeks(), from, to, amount) };
        this.run([edit], `${describe(edit)} saved.`, true);
      },
      error: (e: unknown) => this.fail(e),
    });
  }

  protected toggleLock({ row, week }: { row: BudgetRow; week: number }): void {
    if (this.byColumn()) {
      this.failure.set('Locks are per week: show weeks to lock a cell.');
      return;
    }
    const cell = this.cellsByKey().get(cellKey(row.category ?? '', row.cluster ?? '', this.weeks()[week]));
    const id = this.planId();
    if (!cell || !id) return;
    const versionBefore = this.plan()?.version;
    this.begin();
    this.api
      .setCell(id, { category: cell.category, cluster: cell.cluster, week: cell.week, version: cell.version, locked: !cell.locked })
      .pipe(concatMap((changed) => this.withPlan(id, [changed])))
      .subscribe({
        next: (changes) => this.done(`${cell.locked ? 'Unlocked' : 'Locked'} ${cell.category} in ${cell.cluster}, week of ${cell.week}.`, changes, versionBefore, 1),
        error: (e: unknown) => this.fail(e),
      });
  }

  protected pasteCells({ row, week, values }: CellsPasted): void {
    if (this.byColumn()) {
      this.failure.set('Paste onto weeks: show weeks first.');
      return;
    }
    const rows = this.rows();
    const edits: BudgetEdit[] = [];
    values.forEach((line, i) =>
      line.forEach((value, j) => {
        const target = rows[row + i];
        if (value === null || !target || target.level !== 'cluster' || week + j >= this.weeks().length) return;
        edits.push(editFor(target, this.weeks(), week + j, Math.round(value)));
      }),
    );
    if (edits.length === 0) {
      this.failure.set('Nothing to paste here: paste numbers onto the weeks of a cluster row (open a category first).');
      return;
    }
    this.run(edits, `Pasted ${edits.length} cell${edits.length === 1 ? '' : 's'}.`, true);
  }

  protected undo(): void {
    const stack = this.undoStack();
    const last = stack.at(-1);
    if (!last) return;
    this.undoStack.set(stack.slice(0, -1));
    // Undo names the versions as they are now: it is a change like any other, made on purpose.
    const inverse = [...last].reverse().map((edit) => this.inverseOf(edit));
    this.run(inverse, 'Undone.', false);
  }

  /** Keeps the other person's change: nothing to send, the grid already shows it. */
  protected keepTheirs(): void {
    this.conflict.set(null);
    this.message.set('Kept the other change.');
  }

  /** Applies this person's change on top of the other one, knowingly. */
  protected useMine(): void {
    const conflict = this.conflict();
    if (!conflict) return;
    this.conflict.set(null);
    this.run([this.withCurrentVersion(conflict.edit)], `${describe(conflict.edit)} saved over the other change.`, true);
  }

  /** The plan's cells, or, while a stock measure is shown, its open-to-buy in the grid's periods. */
  protected exportCsv(): void {
    const plan = this.plan();
    if (!plan) return;
    const stock = this.stockKey();
    if (stock) {
      this.api.openToBuyCsv(plan.id, stock.period).subscribe({
        next: (csv) => downloadText(`${plan.name.replace(/[^\w-]+/g, '-')}-open-to-buy.csv`, csv),
        error: (e: unknown) => this.fail(e),
      });
      return;
    }
    this.api.exportCsv(plan.id).subscribe({
      next: (csv) => downloadText(`${plan.name.replace(/[^\w-]+/g, '-')}.csv`, csv),
      error: (e: unknown) => this.fail(e),
    });
  }

  protected reload(): void {
    this.reloads.next();
  }

  /** Targets changed the plan's version: take the new plan, so the stock plan loads again. */
  protected targetsSaved(): void {
    const id = this.planId();
    if (!id) return;
    this.api.plan(id).subscribe({ next: (plan) => this.shown.update((grid) => grid && { ...grid, plan }), error: (e: unknown) => this.fail(e) });
  }

  private run(edits: BudgetEdit[], message: string, undoable: boolean): void {
    const id = this.planId();
    if (!id) return;
    const versionBefore = this.plan()?.version;
    this.begin();
    from(edits)
      .pipe(
        concatMap((edit) => this.send(id, edit)),
        toArray(),
        concatMap((changed) => (changed.includes(null) ? of(null) : this.withPlan(id, changed.flat() as BudgetCell[]))),
      )
      .subscribe({
        next: (changes) => {
          if (undoable) this.undoStack.update((stack) => [...stack, edits]);
          this.done(message, changes, versionBefore, edits.length);
        },
        error: (e: unknown) => this.fail(e, edits),
      });
  }

  /**
   * Sends one edit; emits the cells it changed: the cell itself, or those of the category and/or
   * cluster a spread covered. `null` when a spread covered the whole plan: then the grid reloads.
   */
  private send(id: string, edit: BudgetEdit): Observable<BudgetCell[] | null> {
    if (edit.kind === 'cell') {
      const { category, cluster, week, version, units } = edit;
      return this.api.setCell(id, { category, cluster, week, version, units }).pipe(map((cell) => [cell]));
    }
    if (edit.kind === 'markdowns') return this.sendMarkdowns(id, edit).pipe(map(() => []));
    const plan = this.plan();
    if (!plan) return throwError(() => new Error('The plan is not loaded yet: try again in a moment.'));
    // Keep the shape of the current plan where there is one; a selection planned at 0 follows the forecast.
    const body = { ...edit.selection, total: edit.total, version: plan.version, basis: edit.before > 0 ? ('current' as const) : ('forecast' as const) };
    const { category, cluster } = edit.selection;
    return this.api.spread(id, body).pipe(
      // The next spread of a paste or an undo names the plan's new version.
      concatMap((result) => {
        this.shown.update((grid) => grid && { ...grid, plan: result.plan });
        return category || cluster ? this.api.grid(id, { category, cluster }).pipe(map((g) => g.cells)) : of(null);
      }),
    );
  }

  /**
   * Replaces the category's markdown budget with the edit's, keeping its stock target, as long as
   * the budget is still the one the edit started from (else someone changed it meanwhile: refused).
   */
  private sendMarkdowns(id: string, edit: Extract<BudgetEdit, { kind: 'markdowns' }>): Observable<unknown> {
    return this.api.merchandiseTargets(id).pipe(
      concatMap((targets) => {
        const current = targets.find((t) => t.category === edit.category);
        if (!sameMarkdowns(current?.markdowns ?? [], edit.before)) {
          return throwError(() => new Error(`${current?.updatedBy ?? 'Someone'} changed the markdown budget of ${edit.category} meanwhile; the grid now shows theirs.`));
        }
        const target = current?.stockToSales != null ? { stockToSales: current.stockToSales } : current?.weeksOfCover != null ? { weeksOfCover: current.weeksOfCover } : {};
        return this.api.setMerchandiseTargets(id, edit.category, { version: current?.version ?? 0, ...target, markdowns: edit.markdowns });
      }),
    );
  }

  /** The changed cells with the plan as it is after them (its totals and version moved too). */
  private withPlan(id: string, cells: BudgetCell[]): Observable<{ cells: BudgetCell[]; plan: PlanView }> {
    return forkJoin({ cells: of(cells), plan: this.api.plan(id) });
  }

  private inverseOf(edit: BudgetEdit): BudgetEdit {
    if (edit.kind === 'markdowns') return { ...edit, markdowns: edit.before, before: edit.markdowns };
    return edit.kind === 'cell' ? this.withCurrentVersion({ ...edit, units: edit.before, before: edit.units }) : { ...edit, total: edit.before, before: edit.total };
  }

  private withCurrentVersion(edit: BudgetEdit): BudgetEdit {
    if (edit.kind !== 'cell') return edit;
    const cell = this.cellsByKey().get(cellKey(edit.category, edit.cluster, edit.week));
    return { ...edit, version: cell?.version ?? edit.version };
  }

  private begin(): void {
    this.busy.set(true);
    this.message.set(null);
    this.failure.set(null);
  }

  /**
   * Shows what changed. The page's own `count` changes are patched in when they moved the plan's
   * version by exactly that many; when it moved further (someone else changed the plan meanwhile),
   * or a spread covered the whole plan (`null`), every cell is loaded again, so that the cells
   * shown and the version the next change names always belong together.
   */
  private done(message: string, changes: { cells: BudgetCell[]; plan: PlanView } | null, versionBefore: number | undefined, count: number): void {
    this.busy.set(false);
    this.message.set(message);
    if (changes && versionBefore !== undefined && changes.plan.version === versionBefore + count) {
      this.shown.update((grid) => grid && patchGrid(grid, changes.cells, changes.plan));
    } else {
      this.reload();
    }
  }

  private fail(error: unknown, edits: BudgetEdit[] = []): void {
    this.busy.set(false);
    this.reload();
    if (error instanceof HttpErrorResponse && error.status === 409 && edits.length === 1) {
      this.explainConflict(edits[0], error);
      return;
    }
    // The page's own refusals (a plan not loaded yet, a markdown budget changed meanwhile) say why themselves.
    this.failure.set(error instanceof Error ? error.message : apiErrorMessage(error, 'The change could not be saved. Please try again.'));
  }

  /** Says what the other person changed (from the cell's history), so the choice is an informed one. */
  private explainConflict(edit: BudgetEdit, error: HttpErrorResponse): void {
    const id = this.planId();
    if (edit.kind !== 'cell' || !id) {
      this.conflict.set({ edit, message: `${apiErrorMessage(error)}. The grid now shows the plan as it is; apply your change again?` });
      return;
    }
    const current = (error.error?.details?.current as BudgetCell | undefined)?.plan;
    this.api.cellHistory(id, { category: edit.category, cluster: edit.cluster, week: edit.week }).subscribe({
      next: (changes: CellChange[]) => {
        const last = changes.at(-1) ?? changes[0];
        const who = last ? `${last.actor} changed it at ${new Date(last.at).toLocaleTimeString()}` : 'Someone changed it';
        this.conflict.set({
          edit,
          message: `${edit.category} in ${edit.cluster}, week of ${edit.week}: ${who} to ${current ?? 'a new value'} (you saw ${edit.before}). Your value is ${edit.units}.`,
        });
      },
      error: () => this.conflict.set({ edit, message: `${edit.category} in ${edit.cluster}, week of ${edit.week} changed to ${current} while you edited it. Your value is ${edit.units}.` }),
    });
  }
}

const CELL_HISTORY_COLUMNS: TableColumn<CellChange>[] = [
  { key: 'at', label: 'When', value: (c) => c.at, format: 'datetime' },
  { key: 'actor', label: 'Who', value: (c) => c.actor },
  { key: 'what', label: 'What', value: (c) => c.what },
  { key: 'before', label: 'Plan before', value: (c) => c.before.plan, format: 'integer' },
  { key: 'after', label: 'Plan after', value: (c) => c.after.plan, format: 'integer' },
  { key: 'locked', label: 'Locked', value: (c) => (c.before.locked === c.after.locked ? (c.after.locked ? 'yes' : 'no') : c.after.locked ? 'locked' : 'unlocked') },
];

/** Two markdown budgets alike, entry by entry (the server's JSON orders an entry's fields its own way). */
function sameMarkdowns(a: MerchandiseTargetsView['markdowns'], b: MerchandiseTargetsView['markdowns']): boolean {
  const key = (list: MerchandiseTargetsView['markdowns']) => list.map((m) => [m.from, m.to, m.ratePercent, m.amount].join(' ')).join(';');
  return key(a) === key(b);
}

function describe(edit: BudgetEdit): string {
  if (edit.kind === 'cell') return `${edit.category} in ${edit.cluster}, week of ${edit.week}: ${edit.units}`;
  if (edit.kind === 'markdowns') return `${edit.category} markdowns, ${edit.from} to ${edit.to}: ${edit.amount}`;
  const { category, cluster, from } = edit.selection;
  const what = [category ?? 'Whole plan', cluster ? `in ${cluster}` : '', from ? `week of ${from}` : 'all weeks'].filter(Boolean).join(', ');
  return `${what}: ${edit.total} spread`;
}
