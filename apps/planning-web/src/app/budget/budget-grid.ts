import { ScrollingModule, CdkVirtualScrollViewport } from '@angular/cdk/scrolling';
import { ChangeDetectionStrategy, Component, ElementRef, computed, input, output, signal, viewChild } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { formatCell } from '@tideline/ui';
import { BudgetRow, Measure, parsePasted } from './budget-model';

/** A focused place in the grid: a row, and a week (0…) or the total column (-1). */
export interface GridPosition {
  row: number;
  col: number;
}
export const TOTAL_COL = -1;
const ROW_HEIGHT = 36;
/** How a cell's label names its figure, by measure. */
const MEASURE_WORDS: Record<Measure, string> = {
  units: 'plan',
  revenue: 'plan',
  margin: 'plan',
  endStock: 'end stock',
  openToBuy: 'open to buy',
  markdowns: 'markdowns',
  marginAfterMarkdowns: 'margin after markdowns',
};

/** A row's texts, worked out once per row object (they are what scrolling redraws). */
interface RowDisplay {
  total: string;
  forecast: string;
  lastYear: string;
  gap: string;
  growth: string;
  totalLabel: string;
  cells: string[];
  labels: string[];
}

export interface CellEdited {
  row: BudgetRow;
  /** null for the row's total. */
  week: number | null;
  units: number;
}
export interface CellsPasted {
  row: number;
  week: number;
  values: (number | null)[][];
}

/**
 * The budget grid: hierarchy rows (virtually scrolled, so 200 categories stay smooth) × weeks,
 * with the plan, forecast, last year and gap totals side by side. Arrow keys move, Enter or a
 * digit edits, Escape cancels, L locks a cell, Space opens a category, and a spreadsheet range
 * pastes from the focused cell. Edits go out as events; the page decides what they mean.
 */
@Component({
  selector: 'app-budget-grid',
  imports: [ScrollingModule, MatIcon],
  templateUrl: './budget-grid.html',
  styleUrl: './budget-grid.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BudgetGrid {
  readonly rows = input.required<readonly BudgetRow[]>();
  readonly weeks = input.required<readonly string[]>();
  /** Headers and full names of the columns when they are not weeks (fiscal months or quarters): `weeks` then holds each one's first week. */
  readonly columnLabels = input<readonly string[] | null>(null);
  readonly columnNames = input<readonly string[] | null>(null);
  readonly measure = input<Measure>('units');
  readonly editable = input(true);

  readonly edited = output<CellEdited>();
  readonly lockToggled = output<{ row: BudgetRow; week: number }>();
  readonly expandToggled = output<BudgetRow>();
  readonly rowFocused = output<BudgetRow>();
  /** The focused cell: a row and a week (null for the total column). */
  readonly cellFocused = output<{ row: BudgetRow; week: number | null }>();
  readonly pasted = output<CellsPasted>();

  private readonly viewport = viewChild.required(CdkVirtualScrollViewport);
  private readonly host = viewChild.required<ElementRef<HTMLElement>>('grid');

  protected readonly focus = signal<GridPosition>({ row: 0, col: TOTAL_COL });
  protected readonly editing = signal<GridPosition | null>(null);
  protected readonly draft = signal('');
  protected readonly scrollLeft = signal(0);
  protected readonly rowHeight = ROW_HEIGHT;
  /** Edits are in units, or a category's markdown budget per period; other measures are read-only. */
  protected readonly canEdit = computed(() => this.editable() && (this.measure() === 'units' || this.measure() === 'markdowns'));
  /** Locks and pastes work on units. */
  protected readonly unitsEditable = computed(() => this.editable() && this.measure() === 'units');
  protected readonly weekLabels = computed(() => this.columnLabels() ?? this.weeks().map((w) => w.slice(5)));
  protected readonly format = (v: number | null) => formatCell(v, this.measure() === 'units' ? 'integer' : 'decimal');
  protected readonly formatGrowth = (v: number | null) => formatCell(v, 'percent');

  private readonly displays = new WeakMap<BudgetRow, RowDisplay>();

  /** The texts of a row, cached per row object: a new grid or measure makes new rows, hence new texts. */
  protected display(row: BudgetRow): RowDisplay {
    let display = this.displays.get(row);
    if (!display) {
      display = {
        total: this.format(row.total.plan),
        forecast: this.format(row.total.forecast),
        lastYear: this.format(row.total.lastYear),
        gap: this.format(row.total.gap),
        growth: this.formatGrowth(row.total.growth),
        totalLabel: this.cellLabel(row, TOTAL_COL),
        cells: row.plan.map((v) => this.format(v)),
        labels: row.plan.map((_, i) => this.cellLabel(row, i)),
      };
      this.displays.set(row, display);
    }
    return display;
  }

  protected isFocused(row: number, col: number): boolean {
    const f = this.focus();
    return f.row === row && f.col === col;
  }

  protected isEditing(row: number, col: number): boolean {
    const e = this.editing();
    return e !== null && e.row === row && e.col === col;
  }

  private cellLabel(row: BudgetRow, col: number): string {
    const where = col === TOTAL_COL ? 'total' : (this.columnNames()?.[col] ?? `week of ${this.weeks()[col]}`);
    const value = col === TOTAL_COL ? row.total.plan : row.plan[col];
    const lock = col !== TOTAL_COL && row.level === 'cluster' && row.locked[col] ? ', locked' : '';
    const scope = row.level === 'cluster' ? `${row.category} in ${row.cluster}` : row.label;
    return `${scope}, ${where}: ${MEASURE_WORDS[this.measure()]} ${this.format(value)}${lock}`;
  }

  protected readonly trackRow = (_: number, row: BudgetRow) => row.key;

  protected editAt(row: number, col: number): void {
    this.focusCell(row, col);
    if (!this.mayEdit(row, col)) return;
    const current = this.rows()[row];
    this.startEditing(String(col === TOTAL_COL ? (current.total.plan ?? '') : (current.plan[col] ?? '')));
  }

  protected focusCell(row: number, col: number): void {
    this.focus.set({ row, col });
    this.rowFocused.emit(this.rows()[row]);
    this.cellFocused.emit({ row: this.rows()[row], week: col === TOTAL_COL ? null : col });
  }

  protected keydown(event: KeyboardEvent): void {
    if (this.editing()) return;
    const { row, col } = this.focus();
    const last = this.rows().length - 1;
    const lastCol = this.weeks().length - 1;
    const moves: Record<string, GridPosition> = {
      ArrowUp: { row: Math.max(0, row - 1), col },
      ArrowDown: { row: Math.min(last, row + 1), col },
      ArrowLeft: { row, col: Math.max(TOTAL_COL, col - 1) },
      ArrowRight: { row, col: Math.min(lastCol, col + 1) },
      Home: { row, col: TOTAL_COL },
      End: { row, col: lastCol },
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      this.moveTo(move);
      return;
    }
    const current = this.rows()[row];
    if (event.key === ' ' && current?.expandable) {
      event.preventDefault();
      this.expandToggled.emit(current);
    } else if ((event.key === 'l' || event.key === 'L') && current?.level === 'cluster' && col !== TOTAL_COL && this.unitsEditable()) {
      event.preventDefault();
      this.lockToggled.emit({ row: current, week: col });
    } else if ((event.key === 'Enter' || event.key === 'F2') && this.mayEdit(row, col)) {
      event.preventDefault();
      this.editAt(row, col);
    } else if (/^[0-9]$/.test(event.key) && this.mayEdit(row, col)) {
      event.preventDefault();
      this.startEditing(event.key);
    }
  }

  protected editKeydown(event: KeyboardEvent): void {
    // The input sits inside its cell: the cell's own keys (Enter edits, digits edit) must not see these.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      this.stopEditing();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      this.commit();
      const { row, col } = this.focus();
      this.moveTo(event.key === 'Tab' ? { row, col: Math.min(this.weeks().length - 1, col + 1) } : { row: Math.min(this.rows().length - 1, row + 1), col });
    }
  }

  protected commit(): void {
    const at = this.editing();
    if (!at) return;
    const units = Number(this.draft().replace(/[\s,]/g, ''));
    this.stopEditing();
    if (this.draft().trim() === '' || !Number.isFinite(units) || units < 0) return;
    const row = this.rows()[at.row];
    const current = at.col === TOTAL_COL ? row.total.plan : row.plan[at.col];
    if (units === current) return; // nothing changed: no new version, no history entry
    this.edited.emit({ row, week: at.col === TOTAL_COL ? null : at.col, units });
  }

  protected paste(event: ClipboardEvent): void {
    const { row, col } = this.focus();
    if (!this.unitsEditable() || this.editing() || col === TOTAL_COL) return;
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (!text) return;
    event.preventDefault();
    this.pasted.emit({ row, week: col, values: parsePasted(text) });
  }

  /** Any figure in units; in markdowns, a category's period (the budget is kept per category). */
  private mayEdit(row: number, col: number): boolean {
    if (!this.canEdit()) return false;
    return this.measure() === 'units' || (this.rows()[row]?.level === 'category' && col !== TOTAL_COL);
  }

  protected toggle(row: BudgetRow, index: number): void {
    this.focusCell(index, TOTAL_COL);
    this.expandToggled.emit(row);
  }

  protected syncHeader(): void {
    this.scrollLeft.set(this.viewport().elementRef.nativeElement.scrollLeft);
  }

  private startEditing(text: string): void {
    this.draft.set(text);
    this.editing.set(this.focus());
    setTimeout(() => this.host().nativeElement.querySelector<HTMLInputElement>('input.edit')?.select());
  }

  private stopEditing(): void {
    this.editing.set(null);
    setTimeout(() => this.focusElement());
  }

  private moveTo(position: GridPosition): void {
    this.focusCell(position.row, position.col);
    const viewport = this.viewport();
    const [first, last] = [viewport.getRenderedRange().start, viewport.getRenderedRange().end];
    if (position.row <= first || position.row >= last - 1) viewport.scrollToIndex(Math.max(0, position.row - 2));
    setTimeout(() => this.focusElement());
  }

  private focusElement(): void {
    const { row, col } = this.focus();
    this.host().nativeElement.querySelector<HTMLElement>(`[data-row="${row}"][data-col="${col}"]`)?.focus();
  }
}
