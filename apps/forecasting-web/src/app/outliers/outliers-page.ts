import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { OutlierStatus, OutlierView, OutlierWorklistItem } from '@tideline/contracts';
import { DataTable, PageState, TableColumn } from '@tideline/ui';
import { apiErrorMessage, AuthService, LOADING, refreshable } from '@tideline/web-core';
import { EMPTY, Subject, switchMap } from 'rxjs';
import { ForecastApi } from '../api/forecast-api';

const WORKLIST_COLUMNS: TableColumn<OutlierWorklistItem>[] = [
  { key: 'sku', label: 'SKU', value: (w) => w.sku },
  { key: 'name', label: 'Product', value: (w) => w.name },
  { key: 'store', label: 'Store', value: (w) => w.store },
  { key: 'corrected', label: 'Corrected weeks', value: (w) => w.corrected, format: 'integer' },
  { key: 'proposed', label: 'Not yet decided', value: (w) => w.proposed, format: 'integer' },
];

const STATUS_TEXT: Record<OutlierStatus, string> = {
  proposed: 'Corrected (not yet decided)',
  accepted: 'Corrected (accepted)',
  rejected: 'Kept as sold (rejected)',
};

/**
 * `/outliers`: the series whose history has weeks far outside its usual noise, most corrected weeks
 * first. Runs fit those weeks at their expected value; an analyst accepts or rejects each week, and
 * every later run follows the decision.
 */
@Component({
  selector: 'app-outliers-page',
  imports: [PageState, DataTable, MatButton, RouterLink],
  template: `
    <header class="page-head"><h1>Outliers</h1></header>
    <p class="intro">
      Weeks whose sales lie far outside their series' usual range (a bulk order, a data error). Forecast runs fit them at the value their neighbouring weeks
      suggest, unless you reject the correction. Promoted and out-of-stock weeks are never flagged.
    </p>
    <tl-page-state
      [state]="worklist().state"
      loadingMessage="Loading the series with outliers…"
      emptyMessage="No outliers: the last forecast runs found no week far outside its series' range."
      [errorMessage]="worklist().error"
      (retry)="worklistReloads.next()"
    >
      @if (worklist().value; as page) {
        <tl-data-table
          [columns]="worklistColumns"
          [rows]="page.items"
          caption="Series with outlier weeks"
          [rowKey]="seriesKey"
          [action]="{ label: 'Review', enabled: always }"
          (actionClick)="open($event)"
        />
      }
    </tl-page-state>
    @if (opened(); as series) {
      <h2 data-testid="outlier-series">{{ series.name }} ({{ series.sku }}) in store {{ series.store }}</h2>
      <a mat-stroked-button routerLink="/explorer" [queryParams]="{ sku: series.sku, store: series.store }">Open in the explorer</a>
      @if (failure()) {
        <p class="error" role="alert">{{ failure() }}</p>
      }
      <tl-page-state
        [state]="weeks().state"
        loadingMessage="Loading the outlier weeks…"
        emptyMessage="No outlier weeks left for this series."
        [errorMessage]="weeks().error"
        (retry)="weekReloads.next()"
      >
        @if (weeks().value; as page) {
          <table class="outliers" aria-label="Outlier weeks">
            <thead>
              <tr><th>Week</th><th>Sold</th><th>Expected</th><th>Status</th><th>Decided by</th>@if (canDecide()) {<th><span class="tl-visually-hidden">Decision</span></th>}</tr>
            </thead>
            <tbody>
              @for (week of page.items; track week.week) {
                <tr [attr.data-week]="week.week">
                  <td>{{ week.week }}</td>
                  <td>{{ week.units }}</td>
                  <td>{{ week.expected.toFixed(1) }}</td>
                  <td>{{ statusText[week.status] }}</td>
                  <td>{{ week.decidedBy ?? '' }}</td>
                  @if (canDecide()) {
                    <td class="decide">
                      <button mat-stroked-button type="button" [disabled]="busy() || week.status === 'accepted'" (click)="decide(week, 'accepted')">Accept correction</button>
                      <button mat-stroked-button type="button" [disabled]="busy() || week.status === 'rejected'" (click)="decide(week, 'rejected')">Reject</button>
                    </td>
                  }
                </tr>
              }
            </tbody>
          </table>
        }
      </tl-page-state>
    }
  `,
  styles: `
    .intro { max-width: 72ch; }
    .outliers { border-collapse: collapse; margin-top: 12px; }
    .outliers th, .outliers td { text-align: left; padding: 6px 12px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .decide { display: flex; gap: 8px; }
  `,
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OutliersPage {
  private readonly api = inject(ForecastApi);
  private readonly auth = inject(AuthService);

  protected readonly worklistColumns = WORKLIST_COLUMNS;
  protected readonly statusText = STATUS_TEXT;
  protected readonly always = () => true;
  protected readonly seriesKey = (w: OutlierWorklistItem) => `${w.sku} ${w.store}`;
  protected readonly canDecide = computed(() => this.auth.roles().some((r) => r === 'admin' || r === 'forecast_analyst'));
  protected readonly worklistReloads = new Subject<void>();
  protected readonly weekReloads = new Subject<void>();
  protected readonly opened = signal<OutlierWorklistItem | null>(null);
  protected readonly busy = signal(false);
  protected readonly failure = signal<string | null>(null);

  protected readonly worklist = toSignal(refreshable(this.api.outlierWorklist(), this.worklistReloads, (page) => page.items.length === 0), { initialValue: LOADING });
  protected readonly weeks = toSignal(
    toObservable(this.opened).pipe(switchMap((series) => (series ? refreshable(this.api.outliers(series.sku, series.store), this.weekReloads, (page) => page.items.length === 0) : EMPTY))),
    { initialValue: LOADING },
  );

  protected open(series: OutlierWorklistItem): void {
    this.failure.set(null);
    this.opened.set(series);
  }

  protected decide(week: OutlierView, status: OutlierStatus): void {
    this.busy.set(true);
    this.failure.set(null);
    this.api.decideOutlier({ sku: week.sku, store: week.store, week: week.week, status }).subscribe({
      next: () => {
        this.busy.set(false);
        this.weekReloads.next();
        this.worklistReloads.next();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.failure.set(apiErrorMessage(e, 'The decision could not be saved. Please try again.'));
      },
    });
  }
}
