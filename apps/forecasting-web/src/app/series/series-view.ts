import { ChangeDetectionStrategy, Component, computed, input, output, viewChild } from '@angular/core';
import type { ForecastSeriesView } from '@tideline/contracts';
import { DataTable, TimeChart } from '@tideline/ui';
import { chartBands, chartLines, isForecastWeek, lifecycleText, WEEK_COLUMNS, WeekRow, weekRows } from './series-rows';

/**
 * A selection's weeks as a chart (actuals, statistical and final forecast, 80% and 95% intervals)
 * over a grid of the same numbers. With `selectable`, forecast weeks can be picked in the grid.
 */
@Component({
  selector: 'app-series-view',
  imports: [TimeChart, DataTable],
  template: `
    <p class="model" data-testid="series-model">
      {{ view().model ?? 'No forecast yet' }}
      @if (view().pattern) {
        · demand {{ view().pattern }}
      }
      @if (view().asOf) {
        · actuals to {{ view().asOf }}
      }
      · {{ view().series }} series
      @if (lifecycle(); as life) {
        <br /><span data-testid="series-lifecycle">{{ life }}</span>
      }
    </p>
    <tl-time-chart [weeks]="weeks()" [lines]="lines()" [bands]="bands()" [label]="chartLabel()" />
    <tl-data-table
      [columns]="columns"
      [rows]="newestFirst()"
      [caption]="caption()"
      [rowKey]="weekOf"
      [selectable]="selectable()"
      [canSelect]="isForecastWeek"
      [highlight]="isForecastWeek"
      (selectionChange)="weeksSelected.emit($event)"
    />
  `,
  styles: '.model { margin: 0 0 8px; color: var(--mat-sys-on-surface-variant); }',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeriesView {
  readonly view = input.required<ForecastSeriesView>();
  /** Names the grid and its CSV file, e.g. the selection's label. */
  readonly caption = input.required<string>();
  readonly selectable = input(false);
  readonly weeksSelected = output<WeekRow[]>();

  private readonly table = viewChild(DataTable);

  protected readonly columns = WEEK_COLUMNS;
  protected readonly isForecastWeek = isForecastWeek;
  protected readonly weekOf = (row: WeekRow) => row.week;
  protected readonly rows = computed(() => weekRows(this.view()));
  protected readonly lifecycle = computed(() => lifecycleText(this.view().lifecycle, this.view().asOf));
  /** The grid opens on the forecast weeks and the latest actuals; the chart reads left to right. */
  protected readonly newestFirst = computed(() => [...this.rows()].reverse());
  protected readonly weeks = computed(() => this.rows().map((r) => r.week));
  protected readonly lines = computed(() => chartLines(this.rows()));
  protected readonly bands = computed(() => chartBands(this.rows()));
  protected readonly chartLabel = computed(
    () => `Weekly units of ${this.caption()}: actual sales with the forecasts made one week before them, then the statistical and final forecast with 80% and 95% intervals. The grid below holds the same numbers.`,
  );

  clearSelection(): void {
    this.table()?.clearSelection();
  }
}
