import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import type { SeriesSelector } from '@tideline/contracts';
import { DataTable, PageState } from '@tideline/ui';
import { apiErrorMessage, AuthService, LOADING, polled } from '@tideline/web-core';
import { switchMap } from 'rxjs';
import { ForecastApi } from '../api/forecast-api';
import { selectionLabel } from '../selection/selection';
import { SeriesPicker } from '../selection/series-picker';
import { isActive, RUN_COLUMNS, runPercent, scopeLabel } from './run-rows';

/** How often the list refreshes, so progress moves while a run works. */
const POLL_MS = 2_000;

/** `/runs`: every forecast run with its progress, and a form to start one for a scope. */
@Component({
  selector: 'app-runs-page',
  imports: [SeriesPicker, PageState, DataTable, ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatError, MatInput, MatProgressBar],
  templateUrl: './runs-page.html',
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RunsPage {
  private readonly api = inject(ForecastApi);
  private readonly reloads = signal(0);

  protected readonly canStart = inject(AuthService).hasAnyRole(['admin', 'forecast_analyst']);
  protected readonly columns = RUN_COLUMNS;
  protected readonly percent = runPercent;
  protected readonly scopeOf = scopeLabel;
  protected readonly scope = signal<SeriesSelector>({});
  protected readonly scopeLabel = computed(() => selectionLabel(this.scope()));
  protected readonly horizon = new FormControl(13, [Validators.required, Validators.min(1), Validators.max(52)]);
  protected readonly starting = signal(false);
  protected readonly failure = signal<string | null>(null);

  protected readonly runs = toSignal(
    toObservable(this.reloads).pipe(
      switchMap(() => polled(this.api.runs(), POLL_MS, (page) => page.items.length === 0)),
    ),
    { initialValue: LOADING },
  );
  protected readonly activeRuns = computed(() => this.runs().value?.items.filter(isActive) ?? []);

  protected startRun(): void {
    if (this.horizon.invalid) {
      this.horizon.markAsTouched();
      return;
    }
    this.starting.set(true);
    this.failure.set(null);
    this.api.startRun({ ...this.scope(), horizon: this.horizon.value ?? 13 }).subscribe({
      next: () => {
        this.starting.set(false);
        this.reloads.update((n) => n + 1);
      },
      error: (e: unknown) => {
        this.starting.set(false);
        this.failure.set(apiErrorMessage(e, 'The run could not be started. Please try again.'));
      },
    });
  }

  protected reload(): void {
    this.reloads.update((n) => n + 1);
  }
}
