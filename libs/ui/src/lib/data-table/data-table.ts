import { SelectionModel } from '@angular/cdk/collections';
import { ChangeDetectionStrategy, Component, computed, effect, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatIcon } from '@angular/material/icon';
import { MatSort, MatSortHeader, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { downloadText, toCsv } from '../csv';
import { formatCell, isNumeric, TableColumn } from './table-column';

/** A button in each row, such as "Revert"; `enabled` decides per row. */
export interface RowAction<T> {
  label: string;
  enabled: (row: T) => boolean;
}

/**
 * A read-only grid: sortable columns, sticky header, optional row selection by checkbox and one
 * row action, and "Export CSV" of exactly the rows and columns shown, in the order shown.
 */
@Component({
  selector: 'tl-data-table',
  imports: [MatTableModule, MatSort, MatSortHeader, MatCheckbox, MatButton, MatIcon],
  templateUrl: './data-table.html',
  styleUrl: './data-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DataTable<T> {
  readonly columns = input.required<readonly TableColumn<T>[]>();
  readonly rows = input.required<readonly T[]>();
  /** Names the table for screen readers and the exported file (`<caption>.csv`). */
  readonly caption = input.required<string>();
  /** Identifies a row across reloads, for selection. */
  readonly rowKey = input<(row: T) => string>((row) => JSON.stringify(row));
  readonly selectable = input(false);
  /** Rows that cannot be selected, such as weeks in the past. */
  readonly canSelect = input<(row: T) => boolean>(() => true);
  readonly action = input<RowAction<T> | null>(null);
  /** Highlights rows, such as forecast weeks after the actuals. */
  readonly highlight = input<(row: T) => boolean>(() => false);

  readonly selectionChange = output<T[]>();
  readonly actionClick = output<T>();

  private readonly sort = signal<Sort>({ active: '', direction: '' });
  private readonly selection = new SelectionModel<string>(true);
  protected readonly selectedKeys = signal<ReadonlySet<string>>(new Set());

  protected readonly columnKeys = computed(() => [
    ...(this.selectable() ? ['__select'] : []),
    ...this.columns().map((c) => c.key),
    ...(this.action() ? ['__action'] : []),
  ]);

  protected readonly sortedRows = computed(() => {
    const { active, direction } = this.sort();
    const column = this.columns().find((c) => c.key === active);
    const rows = [...this.rows()];
    if (!column || !direction) return rows;
    const sign = direction === 'asc' ? 1 : -1;
    return rows.sort((a, b) => sign * compare(column.value(a), column.value(b)));
  });

  protected readonly format = formatCell;
  protected readonly numeric = isNumeric;

  constructor() {
    // New rows (another series, a reload) keep the selection only for rows still there.
    effect(() => {
      const keys = new Set(this.rows().map((row) => this.rowKey()(row)));
      const kept = this.selection.selected.filter((key) => keys.has(key));
      if (kept.length !== this.selection.selected.length) {
        this.selection.setSelection(...kept);
        this.publishSelection();
      }
    });
  }

  protected sortBy(sort: Sort): void {
    this.sort.set(sort);
  }

  protected toggle(row: T): void {
    this.selection.toggle(this.rowKey()(row));
    this.publishSelection();
  }

  protected isSelected(row: T): boolean {
    return this.selectedKeys().has(this.rowKey()(row));
  }

  /** Clears the selection, as after the selected rows were changed. */
  clearSelection(): void {
    this.selection.clear();
    this.publishSelection();
  }

  protected exportCsv(): void {
    const columns = this.columns().map((c) => ({ label: c.label, value: c.value }));
    downloadText(`${this.caption().replace(/[^\w-]+/g, '-').toLowerCase()}.csv`, toCsv(columns, this.sortedRows()));
  }

  private publishSelection(): void {
    const selected = new Set(this.selection.selected);
    this.selectedKeys.set(selected);
    this.selectionChange.emit(this.rows().filter((row) => selected.has(this.rowKey()(row))));
  }
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}
