import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { PlannedWeek, WhatIfView } from '@tideline/contracts';
import { DataTable, TimeChart } from '@tideline/ui';
import { apiErrorMessage, AuthService } from '@tideline/web-core';
import { PlansApi } from '../api/plans-api';
import { routedSelection } from '../selection/routed-selection';
import { selectionLabel } from '../selection/selection';
import { SeriesPicker } from '../selection/series-picker';
import { EventsPanel } from './events-panel';
import { PlannedWeeksList } from './planned-weeks-list';
import { WHAT_IF_COLUMNS, mondayOf, promotionBody, whatIfLines } from './promotion-rows';

/**
 * `/promotions`: plan a promotion of a product in a store (or the whole chain): see the forecast
 * with and without it first (what-if, nothing saved), then save it as planned; the next forecast
 * run takes it. Below, the product's planned weeks, each removable.
 */
@Component({
  selector: 'app-promotions-page',
  imports: [SeriesPicker, PlannedWeeksList, EventsPanel, DataTable, TimeChart, ReactiveFormsModule, MatButton, MatCheckbox, MatFormField, MatLabel, MatHint, MatInput],
  templateUrl: './promotions-page.html',
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PromotionsPage {
  private readonly api = inject(PlansApi);
  private readonly auth = inject(AuthService);
  private readonly routed = routedSelection();

  protected readonly selection = this.routed.selection;
  protected readonly select = this.routed.select;
  protected readonly label = computed(() => selectionLabel(this.selection()));
  protected readonly sku = computed(() => this.selection().sku);
  protected readonly where = computed(() => (this.selection().store ? `store ${this.selection().store}` : 'every store of the chain'));
  /** Category managers may try promotions out; analysts and admins save them. */
  protected readonly canSave = computed(() => this.auth.roles().some((r) => r === 'admin' || r === 'forecast_analyst'));
  protected readonly whatIfColumns = WHAT_IF_COLUMNS;
  protected readonly weekOf = (w: { week: string }) => w.week;

  protected readonly form = new FormGroup({
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
    price: new FormControl<number | null>(null),
    promo: new FormControl(true, { nonNullable: true }),
    drivers: new FormControl('', { nonNullable: true }),
  });

  protected readonly busy = signal(false);
  protected readonly outcome = signal<string | null>(null);
  protected readonly failure = signal<string | null>(null);
  protected readonly tried = signal<WhatIfView | null>(null);
  protected readonly triedLines = computed(() => {
    const view = this.tried();
    return view ? whatIfLines(view) : [];
  });
  protected readonly triedWeeks = computed(() => this.tried()?.weeks.map((w) => w.week) ?? []);

  /** Bumped after a save or a removal, so the planned weeks reload. */
  protected readonly version = signal(0);

  /** The promotion of the form, its weeks turned into Mondays; null after saying what is missing. */
  private body() {
    const sku = this.sku();
    const raw = this.form.getRawValue();
    const body = sku ? promotionBody(sku, this.selection().store, { ...raw, from: raw.from && mondayOf(raw.from), to: raw.to && mondayOf(raw.to) }) : 'Pick a product first';
    if (typeof body === 'string') {
      this.failure.set(body);
      return null;
    }
    return body;
  }

  protected tryIt(): void {
    const body = this.body();
    if (!body) return;
    this.begin();
    this.api.whatIf(body).subscribe({
      next: (view) => {
        this.busy.set(false);
        this.tried.set(view);
        const change = view.weeks.reduce((s, w) => s + w.with - w.without, 0);
        this.outcome.set(`With this promotion the forecast of ${view.stores.length} series changes by ${change >= 0 ? '+' : ''}${change.toFixed(1)} units over ${view.weeks.length} weeks. Nothing is saved yet.`);
      },
      error: (e: unknown) => this.fail(e, 'The what-if could not be computed.'),
    });
  }

  protected save(): void {
    const body = this.body();
    if (!body) return;
    this.begin();
    this.api.save(body).subscribe({
      next: (weeks) => this.finish(`Saved ${weeks.length} planned week${weeks.length === 1 ? '' : 's'}; the next forecast run takes them.`),
      error: (e: unknown) => this.fail(e, 'The promotion could not be saved.'),
    });
  }

  protected remove(week: PlannedWeek): void {
    this.begin();
    this.api.remove(week.sku, week.store, week.week, week.week).subscribe({
      next: () => this.finish(`Removed the plan of ${week.week} (${week.store === '*' ? 'whole chain' : `store ${week.store}`}).`),
      error: (e: unknown) => this.fail(e, 'The planned week could not be removed.'),
    });
  }

  private begin(): void {
    this.busy.set(true);
    this.outcome.set(null);
    this.failure.set(null);
  }

  private finish(message: string): void {
    this.busy.set(false);
    this.outcome.set(message);
    this.version.update((v) => v + 1);
  }

  private fail(error: unknown, fallback: string): void {
    this.busy.set(false);
    this.failure.set(apiErrorMessage(error, `${fallback} Please try again.`));
  }
}
