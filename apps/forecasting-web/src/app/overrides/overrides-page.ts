import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import type { OverrideAppliesTo, OverrideKind, OverrideReason, OverrideView } from '@tideline/contracts';
import { DataTable, PageState, TableColumn } from '@tideline/ui';
import { apiErrorMessage, LOADING, refreshable } from '@tideline/web-core';
import { concatMap, from, Subject, switchMap, toArray } from 'rxjs';
import { ForecastApi } from '../api/forecast-api';
import { routedSelection } from '../selection/routed-selection';
import { selectionLabel } from '../selection/selection';
import { SeriesPicker } from '../selection/series-picker';
import { WeekRow } from '../series/series-rows';
import { SeriesView } from '../series/series-view';
import { APPLIES_TO_LABELS, KIND_LABELS, overrideBodies, overrideOutcome, REASON_LABELS } from './override-plan';

const HISTORY_COLUMNS: TableColumn<OverrideView>[] = [
  { key: 'createdAt', label: 'When', value: (o) => o.createdAt, format: 'datetime' },
  { key: 'createdBy', label: 'Who', value: (o) => o.createdBy },
  { key: 'weeks', label: 'Weeks', value: (o) => (o.from === o.to ? o.from : `${o.from} – ${o.to}`) },
  { key: 'change', label: 'Change', value: (o) => `${KIND_LABELS[o.kind]} ${o.amount}${o.appliesTo === 'lift' ? ' (lift only)' : ''}` },
  { key: 'reason', label: 'Reason', value: (o) => REASON_LABELS[o.reason] },
  { key: 'comment', label: 'Comment', value: (o) => o.comment },
  { key: 'before', label: 'Before', value: (o) => o.before, format: 'decimal' },
  { key: 'after', label: 'After', value: (o) => o.after, format: 'decimal' },
  { key: 'cells', label: 'Series-weeks', value: (o) => o.cells, format: 'integer' },
  { key: 'status', label: 'Status', value: (o) => (o.revertedAt ? `Reverted by ${o.revertedBy}` : 'Active') },
];

/**
 * `/overrides`: pick forecast weeks in the grid, change their final forecast by value, percent or
 * delta with a reason; the chart and grid reload with the new final forecast, and the history of
 * the selection's overrides offers a revert for each one still active.
 */
@Component({
  selector: 'app-overrides-page',
  imports: [
    SeriesPicker,
    SeriesView,
    PageState,
    DataTable,
    ReactiveFormsModule,
    MatButton,
    MatFormField,
    MatLabel,
    MatError,
    MatInput,
    MatSelect,
    MatOption,
  ],
  templateUrl: './overrides-page.html',
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OverridesPage {
  private readonly api = inject(ForecastApi);
  private readonly routed = routedSelection();
  private readonly reloads = new Subject<void>();
  private readonly seriesView = viewChild(SeriesView);

  protected readonly selection = this.routed.selection;
  protected readonly select = this.routed.select;
  protected readonly label = computed(() => selectionLabel(this.selection()));
  protected readonly kinds = Object.entries(KIND_LABELS) as Array<[OverrideKind, string]>;
  protected readonly targets = Object.entries(APPLIES_TO_LABELS) as Array<[OverrideAppliesTo, string]>;
  protected readonly reasons = Object.entries(REASON_LABELS) as Array<[OverrideReason, string]>;
  protected readonly historyColumns = HISTORY_COLUMNS;
  protected readonly revertAction = { label: 'Revert', enabled: (o: OverrideView) => !o.revertedAt };

  protected readonly form = new FormGroup({
    appliesTo: new FormControl<OverrideAppliesTo>('total', { nonNullable: true }),
    kind: new FormControl<OverrideKind>('percent', { nonNullable: true }),
    amount: new FormControl<number | null>(null, [Validators.required]),
    reason: new FormControl<OverrideReason>('promotion', { nonNullable: true }),
    comment: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(2000)] }),
  });

  protected readonly selectedWeeks = signal<string[]>([]);
  protected readonly saving = signal(false);
  protected readonly outcome = signal<string | null>(null);
  protected readonly failure = signal<string | null>(null);

  private readonly selection$ = toObservable(this.selection);
  protected readonly series = toSignal(
    this.selection$.pipe(switchMap((s) => refreshable(this.api.series(s), this.reloads, (v) => v.forecast.length === 0))),
    { initialValue: LOADING },
  );
  protected readonly history = toSignal(
    this.selection$.pipe(switchMap((s) => refreshable(this.api.overrides(s), this.reloads, (page) => page.items.length === 0))),
    { initialValue: LOADING },
  );

  protected pickWeeks(rows: WeekRow[]): void {
    this.selectedWeeks.set(rows.map((r) => r.week));
  }

  protected saveOverride(): void {
    const { kind, amount, reason, comment, appliesTo } = this.form.getRawValue();
    if (this.form.invalid || amount === null || this.selectedWeeks().length === 0) {
      this.form.markAllAsTouched();
      return;
    }
    const bodies = overrideBodies(this.selection(), this.selectedWeeks(), { kind, amount, reason, comment, appliesTo });
    this.begin();
    from(bodies)
      .pipe(
        concatMap((body) => this.api.createOverride(body)),
        toArray(),
      )
      .subscribe({
        next: (views) => this.finish(overrideOutcome(views)),
        error: (e: unknown) => this.fail(e),
      });
    // A range saved before a failure stays saved; the reload shows it.
  }

  protected revert(override: OverrideView): void {
    this.begin();
    this.api.revertOverride(override.id).subscribe({
      next: (view) => this.finish(`Reverted: the final forecast of ${view.from} – ${view.to} is back to what it was without this override.`),
      error: (e: unknown) => this.fail(e),
    });
  }

  protected reload(): void {
    this.reloads.next();
  }

  private begin(): void {
    this.saving.set(true);
    this.outcome.set(null);
    this.failure.set(null);
  }

  private finish(message: string): void {
    this.saving.set(false);
    this.outcome.set(message);
    this.seriesView()?.clearSelection();
    this.selectedWeeks.set([]);
    this.reload();
  }

  private fail(error: unknown): void {
    this.saving.set(false);
    this.failure.set(apiErrorMessage(error, 'The override could not be saved. Please try again.'));
    this.reload();
  }
}
