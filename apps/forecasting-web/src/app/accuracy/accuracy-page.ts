import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatOption, MatSelect } from '@angular/material/select';
import { Router } from '@angular/router';
import type { AccuracyDimension, AccuracyRow } from '@tideline/contracts';
import { DataTable, PageState, TimeChart } from '@tideline/ui';
import { LOADING, loadable } from '@tideline/web-core';
import { combineLatest, switchMap } from 'rxjs';
import { ForecastApi } from '../api/forecast-api';
import { ACCURACY_COLUMNS, seriesOfKey, wapeOverTime, worklist, WorklistOrder } from './accuracy-rows';

const DIMENSIONS: Array<[AccuracyDimension, string]> = [
  ['category', 'Category'],
  ['department', 'Department'],
  ['subcategory', 'Subcategory'],
  ['store', 'Store'],
  ['region', 'Region'],
  ['cluster', 'Cluster'],
  ['analyst', 'Analyst'],
  ['promotion', 'Promoted or not'],
  ['lifecycle', 'New or established'],
  ['chain', 'Whole chain'],
];
const LAGS = [1, 4, 13];

/**
 * `/accuracy`: WAPE, bias and MASE of the final, statistical and seasonal-naive forecasts by any
 * dimension and lag, over time, the value the overrides added per analyst, and a worklist.
 */
@Component({
  selector: 'app-accuracy-page',
  imports: [PageState, DataTable, TimeChart, MatFormField, MatLabel, MatSelect, MatOption, MatButtonToggleGroup, MatButtonToggle],
  templateUrl: './accuracy-page.html',
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccuracyPage {
  private readonly api = inject(ForecastApi);
  private readonly router = inject(Router);

  protected readonly dimensions = DIMENSIONS;
  protected readonly lags = LAGS;
  protected readonly columns = ACCURACY_COLUMNS;
  protected readonly by = signal<AccuracyDimension>('category');
  protected readonly lag = signal(1);
  protected readonly order = signal<WorklistOrder>('worst-error');
  private readonly reloads = signal(0);
  private readonly asked = combineLatest([toObservable(this.lag), toObservable(this.reloads)]);

  private readonly ask = (by: AccuracyDimension) =>
    toSignal(this.asked.pipe(switchMap(([lag]) => loadable(this.api.accuracy(by, lag), (rows) => rows.length === 0))), {
      initialValue: LOADING,
    });

  protected readonly table = toSignal(
    combineLatest([toObservable(this.by), this.asked]).pipe(
      switchMap(([by, [lag]]) => loadable(this.api.accuracy(by, lag), (rows) => rows.length === 0)),
    ),
    { initialValue: LOADING },
  );
  protected readonly byWeek = this.ask('week');
  protected readonly byAnalyst = this.ask('analyst');
  protected readonly bySeries = this.ask('series');

  protected readonly chart = computed(() => wapeOverTime(this.byWeek().value ?? []));
  protected readonly worklist = computed(() => worklist(this.bySeries().value ?? [], this.order()));
  protected readonly openAction = { label: 'Open', enabled: (r: AccuracyRow) => seriesOfKey(r.key) !== null };
  protected readonly emptyMessage =
    'No accuracy yet: it is measured when sales arrive for weeks that were forecast. Upload the next week of sales, then come back.';

  protected openSeries(row: AccuracyRow): void {
    const series = seriesOfKey(row.key);
    if (series) void this.router.navigate(['/explorer'], { queryParams: series });
  }

  protected reload(): void {
    this.reloads.update((n) => n + 1);
  }
}
