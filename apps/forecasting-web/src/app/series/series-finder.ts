import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatOption, MatSelect } from '@angular/material/select';
import type { DemandPatternName, SeriesListItem, SeriesSelector } from '@tideline/contracts';
import { DataTable, PageState, TableColumn } from '@tideline/ui';
import { LOADING, loadable } from '@tideline/web-core';
import { combineLatest, switchMap } from 'rxjs';
import { ForecastApi } from '../api/forecast-api';

const PATTERNS: Array<[DemandPatternName | '', string]> = [
  ['', 'Any pattern'],
  ['smooth', 'Smooth'],
  ['erratic', 'Erratic'],
  ['intermittent', 'Intermittent'],
  ['lumpy', 'Lumpy'],
];

const COLUMNS: TableColumn<SeriesListItem>[] = [
  { key: 'sku', label: 'SKU', value: (s) => s.sku },
  { key: 'name', label: 'Product', value: (s) => s.name },
  { key: 'store', label: 'Store', value: (s) => s.store },
  { key: 'category', label: 'Category', value: (s) => s.category },
  { key: 'cluster', label: 'Cluster', value: (s) => s.cluster },
  { key: 'pattern', label: 'Demand', value: (s) => s.pattern },
  { key: 'model', label: 'Model', value: (s) => s.model },
  { key: 'backtestError', label: 'Backtest error', value: (s) => s.backtestError, format: 'decimal' },
];

/** The single series inside an aggregate selection, hardest to forecast first, filtered by demand pattern. */
@Component({
  selector: 'app-series-finder',
  imports: [DataTable, PageState, MatFormField, MatLabel, MatSelect, MatOption],
  template: `
    <mat-form-field subscriptSizing="dynamic">
      <mat-label>Demand pattern</mat-label>
      <mat-select name="pattern" [value]="pattern()" (valueChange)="pattern.set($event)">
        @for (p of patterns; track p[0]) {
          <mat-option [value]="p[0]">{{ p[1] }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
    <tl-page-state
      [state]="list().state"
      loadingMessage="Finding the series…"
      emptyMessage="No forecast series of this pattern in the selection."
      [errorMessage]="list().error"
      (retry)="pattern.set(pattern())"
    >
      @if (list().value; as page) {
        @if (page.total > page.items.length) {
          <p class="note">The {{ page.items.length }} hardest of {{ page.total }} series; narrow the selection to see others.</p>
        }
        <tl-data-table [columns]="columns" [rows]="page.items" [caption]="caption()" [action]="openAction" (actionClick)="open($event)" />
      }
    </tl-page-state>
  `,
  styles: '.note { color: var(--mat-sys-on-surface-variant); }',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeriesFinder {
  readonly selection = input.required<SeriesSelector>();
  readonly label = input.required<string>();
  readonly opened = output<SeriesSelector>();

  private readonly api = inject(ForecastApi);
  protected readonly patterns = PATTERNS;
  protected readonly columns = COLUMNS;
  protected readonly pattern = signal<DemandPatternName | ''>('');
  protected readonly openAction = { label: 'Open', enabled: () => true };
  protected readonly caption = computed(() => `Series of ${this.label()}`);
  protected readonly list = toSignal(
    combineLatest([toObservable(this.selection), toObservable(this.pattern)]).pipe(
      switchMap(([selection, pattern]) => loadable(this.api.seriesList(selection, pattern), (page) => page.items.length === 0)),
    ),
    { initialValue: LOADING },
  );

  protected open(item: SeriesListItem): void {
    this.opened.emit({ sku: item.sku, store: item.store });
  }
}
