import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatAnchor } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { LOADING, refreshable } from '@tideline/web-core';
import { PageState } from '@tideline/ui';
import { Subject, switchMap } from 'rxjs';
import { ForecastApi, selectorParams } from '../api/forecast-api';
import { routedSelection } from '../selection/routed-selection';
import { isSingleSeries, selectionLabel } from '../selection/selection';
import { SeriesPicker } from '../selection/series-picker';
import { SeriesFinder } from '../series/series-finder';
import { SeriesView } from '../series/series-view';
import { PlannedWeeksList } from '../promotions/planned-weeks-list';
import { LifecyclePanel } from './lifecycle-panel';

/** `/explorer`: any product level × store level, as a chart and a week grid, and the series inside it. */
@Component({
  selector: 'app-explorer-page',
  imports: [SeriesPicker, SeriesView, SeriesFinder, PlannedWeeksList, LifecyclePanel, PageState, MatAnchor, RouterLink],
  template: `
    <header class="page-head">
      <h1>Forecast explorer</h1>
      <a mat-stroked-button routerLink="/overrides" [queryParams]="queryParams()">Override this selection</a>
      <a mat-stroked-button routerLink="/promotions" [queryParams]="queryParams()">Plan a promotion</a>
    </header>
    <app-series-picker [selection]="selection()" (selectionChange)="select($event)" />
    <h2 data-testid="selection-label">{{ label() }}</h2>
    <tl-page-state
      [state]="series().state"
      loadingMessage="Loading the forecast…"
      emptyMessage="No sales or forecast for this selection yet. Pick another product or store, or upload sales on the Uploads page."
      [errorMessage]="series().error"
      (retry)="reload()"
    >
      @if (series().value; as view) {
        <app-series-view [view]="view" [caption]="label()" />
      }
    </tl-page-state>
    @if (selection().sku; as sku) {
      <h2>Planned promotions</h2>
      <app-planned-weeks-list [sku]="sku" [store]="selection().store" />
      <h2>Like-item and end</h2>
      <app-lifecycle-panel [sku]="sku" />
    }
    @if (!single()) {
      <h2>Series in this selection</h2>
      <app-series-finder [selection]="selection()" [label]="label()" (opened)="select($event)" />
    }
  `,
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExplorerPage {
  private readonly api = inject(ForecastApi);
  private readonly routed = routedSelection();
  private readonly reloads = new Subject<void>();

  protected readonly selection = this.routed.selection;
  protected readonly select = this.routed.select;
  protected readonly label = computed(() => selectionLabel(this.selection()));
  protected readonly single = computed(() => isSingleSeries(this.selection()));
  protected readonly queryParams = computed(() => selectorParams(this.selection()));
  protected readonly series = toSignal(
    toObservable(this.selection).pipe(
      switchMap((selection) => refreshable(this.api.series(selection), this.reloads, (v) => v.history.length === 0 && v.forecast.length === 0)),
    ),
    { initialValue: LOADING },
  );

  protected reload(): void {
    this.reloads.next();
  }
}
