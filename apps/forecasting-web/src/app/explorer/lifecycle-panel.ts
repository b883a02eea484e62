import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { ProductView } from '@tideline/contracts';
import { PageState } from '@tideline/ui';
import { apiErrorMessage, AuthService, LOADING, refreshable } from '@tideline/web-core';
import { Subject, switchMap, tap } from 'rxjs';
import { CatalogApi } from '../api/catalog-api';

/**
 * A product's life as the forecast uses it: its like-item (a new product is forecast like it until
 * it has history of its own), its discontinuation and successor. Analysts set the like-item here;
 * the next forecast run follows it.
 */
@Component({
  selector: 'app-lifecycle-panel',
  imports: [ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatHint, MatInput, PageState],
  template: `
    <tl-page-state [state]="product().state" loadingMessage="Loading the product…" [errorMessage]="product().error" (retry)="reloads.next()">
      @if (product().value; as p) {
        <p data-testid="product-lifecycle">{{ summary(p) }}</p>
        @if (canEdit()) {
          <form class="panel" [formGroup]="form" (ngSubmit)="save()" aria-label="Set the like-item">
            <mat-form-field subscriptSizing="dynamic">
              <mat-label>Like-item SKU</mat-label>
              <input matInput formControlName="likeSku" name="likeSku" placeholder="SKU-00140" />
              <mat-hint>Empty: none</mat-hint>
            </mat-form-field>
            <mat-form-field subscriptSizing="dynamic">
              <mat-label>From week</mat-label>
              <input matInput formControlName="likeFrom" name="likeFrom" placeholder="2026-12-07" />
              <mat-hint>Its launch (YYYY-MM-DD); empty: its first sale</mat-hint>
            </mat-form-field>
            <button mat-stroked-button type="submit" [disabled]="busy()">Save like-item</button>
          </form>
        }
      }
    </tl-page-state>
    @if (failure()) {
      <p class="error" role="alert">{{ failure() }}</p>
    }
    @if (saved()) {
      <p role="status">{{ saved() }}</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LifecyclePanel {
  private readonly api = inject(CatalogApi);
  private readonly auth = inject(AuthService);
  readonly sku = input.required<string>();

  protected readonly reloads = new Subject<void>();
  protected readonly busy = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly canEdit = computed(() => this.auth.roles().some((r) => r === 'admin' || r === 'forecast_analyst'));
  protected readonly form = new FormGroup({
    likeSku: new FormControl('', { nonNullable: true }),
    likeFrom: new FormControl('', { nonNullable: true }),
  });
  protected readonly product = toSignal(
    toObservable(this.sku).pipe(
      switchMap((sku) => refreshable(this.api.product(sku), this.reloads)),
      tap((state) => state.value && this.form.setValue({ likeSku: state.value.likeSku ?? '', likeFrom: state.value.likeFrom ?? '' })),
    ),
    { initialValue: LOADING },
  );

  protected summary(p: ProductView): string {
    const parts = [p.likeSku ? `Forecast like ${p.likeSku}${p.likeFrom ? ` from ${p.likeFrom}` : ''} until it has history of its own` : 'No like-item'];
    if (p.discontinuedOn) parts.push(`discontinued from ${p.discontinuedOn}${p.successorSku ? `, followed by ${p.successorSku}` : ''}`);
    return `${parts.join('; ')}.`;
  }

  protected save(): void {
    const { likeSku, likeFrom } = this.form.getRawValue();
    this.busy.set(true);
    this.failure.set(null);
    this.saved.set(null);
    this.api.setLifecycle(this.sku(), { likeSku: likeSku.trim() || null, likeFrom: likeFrom.trim() || null }).subscribe({
      next: (p) => {
        this.busy.set(false);
        this.saved.set(`Saved. The next forecast run forecasts this product ${p.likeSku ? `like ${p.likeSku} until it has history of its own` : 'from its own history'}.`);
        this.reloads.next();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.failure.set(apiErrorMessage(e, 'The like-item could not be saved. Please try again.'));
      },
    });
  }
}
