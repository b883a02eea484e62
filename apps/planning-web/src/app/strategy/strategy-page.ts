import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import type { StrategyBody, StrategyView, TargetCheck } from '@tideline/contracts';
import { formatCell, PageState } from '@tideline/ui';
import { apiErrorMessage, AuthService } from '@tideline/web-core';
import { combineLatest, map, Subject } from 'rxjs';
import { PlanningApi } from '../api/planning-api';
import { NoPlan } from '../plans/no-plan';
import { planData, routedPlanId } from '../plans/routed-plan';

export const ROLES = ['destination', 'routine', 'seasonal', 'convenience'] as const;
export const STRATEGIES = ['traffic_building', 'transaction_building', 'profit_generating', 'excitement_creating', 'image_enhancing'] as const;
const label = (code: string) => code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const CHECK_LABELS: Record<TargetCheck, string> = { met: 'Met', missed: 'Missed', unknown: 'Not known' };

/** A category's strategy as the form edits it: what is saved, plus the checks of the saved one. */
export interface StrategyDraft {
  category: string;
  saved: StrategyView | null;
  body: StrategyBody;
}

/** Every category of the plan, with its saved strategy or a blank one to fill in. */
export function strategyDrafts(categories: readonly string[], saved: readonly StrategyView[]): StrategyDraft[] {
  const byCategory = new Map(saved.map((s) => [s.category, s]));
  return categories.map((category) => {
    const s = byCategory.get(category);
    return {
      category,
      saved: s ?? null,
      body: s
        ? { version: s.version, role: s.role, strategy: s.strategy, salesGrowthPercent: s.salesGrowthPercent, marginPercent: s.marginPercent, productsTarget: s.productsTarget, notes: s.notes }
        : { version: 0, role: 'routine', strategy: 'traffic_building' },
    };
  });
}

/** `/strategy?plan=`: per category its role, strategy, targets and notes, each target shown met or missed against the plan. */
@Component({
  selector: 'app-strategy-page',
  imports: [PageState, NoPlan, MatButton, MatFormField, MatLabel, MatInput, MatSelect, MatOption],
  templateUrl: './strategy-page.html',
  styles: `
    .met {
      color: #1b5e20;
    }
    .missed {
      color: var(--mat-sys-error);
    }
    .checks {
      flex-basis: 100%;
    }
  `,
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StrategyPage {
  private readonly api = inject(PlanningApi);
  private readonly reloads = new Subject<void>();
  private readonly canPlan = inject(AuthService).hasAnyRole(['admin', 'category_manager']);

  protected readonly planId = routedPlanId();
  protected readonly roles = ROLES;
  protected readonly strategies = STRATEGIES;
  protected readonly label = label;
  protected readonly checkLabels = CHECK_LABELS;
  protected readonly percent = (v: number | null | undefined) => formatCell(v ?? null, 'percent');
  protected readonly saving = signal<string | null>(null);
  protected readonly failure = signal<string | null>(null);
  protected readonly message = signal<string | null>(null);

  protected readonly drafts = planData(
    this.planId,
    (id) =>
      combineLatest([this.api.plan(id), this.api.categories(id), this.api.strategies(id)]).pipe(
        map(([plan, categories, saved]) => ({ plan, drafts: strategyDrafts(categories, saved) })),
      ),
    this.reloads,
    (v) => v.drafts.length === 0,
  );
  protected readonly editable = computed(() => this.canPlan && this.drafts().value?.plan.status === 'draft');

  protected save(draft: StrategyDraft, form: HTMLFormElement, role: StrategyBody['role'], strategy: StrategyBody['strategy']): void {
    const id = this.planId();
    if (!id) return;
    const data = new FormData(form);
    const number = (name: string) => {
      const text = String(data.get(name) ?? '').trim();
      return text === '' ? undefined : Number(text);
    };
    const body: StrategyBody = {
      version: draft.body.version,
      role,
      strategy,
      salesGrowthPercent: number('salesGrowthPercent'),
      marginPercent: number('marginPercent'),
      productsTarget: number('productsTarget'),
      notes: String(data.get('notes') ?? '').trim() || undefined,
    };
    this.saving.set(draft.category);
    this.failure.set(null);
    this.message.set(null);
    this.api.setStrategy(id, draft.category, body).subscribe({
      next: () => {
        this.saving.set(null);
        this.message.set(`Saved the strategy of ${draft.category}.`);
        this.reloads.next();
      },
      error: (e: unknown) => {
        this.saving.set(null);
        this.failure.set(`${draft.category}: ${apiErrorMessage(e, 'The strategy could not be saved.')}`);
        this.reloads.next();
      },
    });
  }

  protected reload(): void {
    this.reloads.next();
  }
}
