import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { MerchandiseTargetsView } from '@tideline/contracts';
import { apiErrorMessage } from '@tideline/web-core';
import { catchError, of, startWith, switchMap } from 'rxjs';
import { PlanningApi } from '../api/planning-api';

/**
 * The focused category's stock target and markdown budget, beside the grid's stock measures: weeks
 * of cover, and a markdown rate over the plan's weeks. Ranges of their own (a rate or an amount per
 * period) are kept through the API and shown here; saving a rate here replaces them.
 */
@Component({
  selector: 'app-merchandise-targets-panel',
  imports: [MatButton, MatFormField, MatLabel, MatInput],
  template: `
    @if (category(); as c) {
      <form class="panel" aria-label="Stock target and markdown budget" (submit)="$event.preventDefault(); save(c, cover.value, rate.value)">
        <strong>Targets of {{ c }}</strong>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Weeks of cover</mat-label>
          <input matInput #cover type="number" min="0" max="52" step="any" name="weeksOfCover" [value]="coverShown()" [disabled]="!editable()" />
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Markdowns, % of sales</mat-label>
          <input matInput #rate type="number" min="0" max="100" step="any" name="markdownPercent" [value]="rateShown()" [disabled]="!editable()" />
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="!editable() || saving()">Save targets</button>
        <span class="note" data-testid="targets-note">{{ note() }}</span>
        @if (failure()) {
          <span class="error" role="alert">{{ failure() }}</span>
        }
      </form>
    } @else {
      <p class="note">Focus a category (or one of its clusters) to set its weeks of cover and markdown budget.</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MerchandiseTargetsPanel {
  private readonly api = inject(PlanningApi);

  readonly planId = input.required<string>();
  /** The plan's version: the targets are read again when it moves (a markdown typed in the grid, an undo). */
  readonly planVersion = input(0);
  readonly category = input<string | null>(null);
  readonly editable = input(false);
  readonly from = input.required<string>();
  readonly to = input.required<string>();
  readonly saved = output<MerchandiseTargetsView>();

  protected readonly saving = signal(false);
  protected readonly failure = signal<string | null>(null);
  private readonly changed = signal(0);
  private readonly all = toSignal(
    toObservable(computed(() => ({ id: this.planId(), version: this.planVersion(), changed: this.changed() }))).pipe(
      switchMap(({ id }) => this.api.merchandiseTargets(id).pipe(catchError(() => of([] as MerchandiseTargetsView[])))),
      startWith([] as MerchandiseTargetsView[]),
    ),
    { initialValue: [] as MerchandiseTargetsView[] },
  );
  protected readonly current = computed(() => this.all().find((t) => t.category === this.category()) ?? null);
  protected readonly coverShown = computed(() => this.current()?.weeksOfCover ?? '');
  /** The rate of a single budget over the plan's weeks; empty otherwise. */
  protected readonly rateShown = computed(() => {
    const markdowns = this.current()?.markdowns ?? [];
    return markdowns.length === 1 && markdowns[0].ratePercent !== null ? markdowns[0].ratePercent : '';
  });
  protected readonly note = computed(() => {
    const t = this.current();
    if (!t) return 'No targets yet: the default weeks of cover, no markdowns.';
    const cover = t.stockToSales !== null ? `stock-to-sales ${t.stockToSales}` : t.weeksOfCover !== null ? `${t.weeksOfCover} weeks of cover` : 'the default weeks of cover';
    const ranges = t.markdowns.map((m) => `${m.from}…${m.to}: ${m.ratePercent !== null ? `${m.ratePercent}%` : `${m.amount} off`}`).join('; ');
    return `${cover}; markdowns ${ranges || 'none'} · by ${t.updatedBy}, version ${t.version}`;
  });

  protected save(category: string, cover: string, rate: string): void {
    const current = this.current();
    const markdowns = rate.trim() === '' ? [] : [{ from: this.from(), to: this.to(), ratePercent: Number(rate) }];
    const body = { version: current?.version ?? 0, ...(cover.trim() === '' ? {} : { weeksOfCover: Number(cover) }), markdowns };
    this.saving.set(true);
    this.failure.set(null);
    this.api.setMerchandiseTargets(this.planId(), category, body).subscribe({
      next: (view) => {
        this.saving.set(false);
        this.changed.update((n) => n + 1);
        this.saved.emit(view);
      },
      error: (e: unknown) => {
        this.saving.set(false);
        this.changed.update((n) => n + 1);
        this.failure.set(apiErrorMessage(e, 'The targets could not be saved.'));
      },
    });
  }
}
