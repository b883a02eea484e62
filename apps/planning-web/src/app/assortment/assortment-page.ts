import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatOption, MatSelect } from '@angular/material/select';
import type { RangeItem } from '@tideline/contracts';
import { formatCell, PageState } from '@tideline/ui';
import { apiErrorMessage, AuthService } from '@tideline/web-core';
import { of, Subject, switchMap } from 'rxjs';
import { PlanningApi } from '../api/planning-api';
import { NoPlan } from '../plans/no-plan';
import { planData, routedPlanId } from '../plans/routed-plan';
import { categoriesOf, clusterSummaries, clustersOf, productRows } from './assortment-model';

/** `/assortment?plan=`: products × clusters in or out, with what each cluster keeps and the rule warnings. */
@Component({
  selector: 'app-assortment-page',
  imports: [PageState, NoPlan, MatCheckbox, MatFormField, MatLabel, MatSelect, MatOption],
  templateUrl: './assortment-page.html',
  styles: `
    .matrix {
      max-height: 560px;
      overflow: auto;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      padding: 4px 12px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      white-space: nowrap;
      text-align: left;
    }
    thead th {
      position: sticky;
      top: 0;
      background: var(--mat-sys-surface-container);
      z-index: 1;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .warnings {
      color: var(--mat-sys-error);
    }
  `,
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssortmentPage {
  private readonly api = inject(PlanningApi);
  private readonly reloads = new Subject<void>();
  private readonly canPlan = inject(AuthService).hasAnyRole(['admin', 'category_manager']);

  protected readonly planId = routedPlanId();
  protected readonly category = signal('');
  protected readonly busy = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly view = planData(this.planId, (id) => this.api.assortment(id), this.reloads, (v) => v.items.length === 0);
  protected readonly plan = toSignal(toObservable(this.planId).pipe(switchMap((id) => (id ? this.api.plan(id) : of(null)))), { initialValue: null });
  protected readonly editable = computed(() => this.canPlan && this.plan()?.status === 'draft');
  private readonly empty = { items: [], summary: [], warnings: [] };
  protected readonly categories = computed(() => categoriesOf(this.view().value ?? this.empty));
  protected readonly clusters = computed(() => clustersOf(this.view().value ?? this.empty));
  protected readonly rows = computed(() => productRows(this.view().value ?? this.empty, this.category()));
  protected readonly summaries = computed(() => clusterSummaries(this.view().value ?? this.empty, this.category()));
  protected readonly money = (v: number) => formatCell(v, 'integer');

  protected toggle(item: RangeItem): void {
    const id = this.planId();
    if (!id) return;
    this.busy.set(true);
    this.failure.set(null);
    this.api.setRange(id, { sku: item.sku, cluster: item.cluster, inRange: !item.inRange, version: item.version }).subscribe({
      next: () => this.settle(),
      error: (e: unknown) => {
        this.failure.set(apiErrorMessage(e, 'The range could not be changed. Please try again.'));
        this.settle();
      },
    });
  }

  protected reload(): void {
    this.reloads.next();
  }

  private settle(): void {
    this.busy.set(false);
    this.reload();
  }
}
