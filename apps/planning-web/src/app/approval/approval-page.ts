import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { AuditEntry, PlanAction, PlanView } from '@tideline/contracts';
import { DataTable, PageState, TableColumn } from '@tideline/ui';
import { apiErrorMessage, AuthService } from '@tideline/web-core';
import { combineLatest, map, Subject } from 'rxjs';
import { PlanningApi } from '../api/planning-api';
import { NoPlan } from '../plans/no-plan';
import { planData, routedPlanId, STATUS_LABELS } from '../plans/routed-plan';
import { allowedActions } from './plan-actions';

const brief = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value).slice(0, 160));
const HISTORY_COLUMNS: TableColumn<AuditEntry>[] = [
  { key: 'at', label: 'When', value: (e) => e.at, format: 'datetime' },
  { key: 'actor', label: 'Who', value: (e) => e.actor },
  { key: 'what', label: 'What', value: (e) => e.what },
  { key: 'before', label: 'Before', value: (e) => brief(e.before) },
  { key: 'after', label: 'After', value: (e) => brief(e.after) },
];

const ACTION_LABELS: Record<PlanAction, string> = { submit: 'Submit for approval', approve: 'Approve', reject: 'Reject', reopen: 'Reopen' };

/**
 * `/approval?plan=`: where the plan stands, the steps this person may take (the service enforces
 * the same rules: the owner never approves their own plan), and the plan's audit trail.
 */
@Component({
  selector: 'app-approval-page',
  imports: [PageState, DataTable, NoPlan, MatButton, MatFormField, MatLabel, MatInput],
  templateUrl: './approval-page.html',
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApprovalPage {
  private readonly api = inject(PlanningApi);
  private readonly auth = inject(AuthService);
  private readonly reloads = new Subject<void>();

  protected readonly planId = routedPlanId();
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly actionLabels = ACTION_LABELS;
  protected readonly historyColumns = HISTORY_COLUMNS;
  protected readonly comment = signal('');
  protected readonly busy = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly message = signal<string | null>(null);

  protected readonly data = planData(
    this.planId,
    (id) => combineLatest([this.api.plan(id), this.api.history(id)]).pipe(map(([plan, history]) => ({ plan, history: [...history].reverse() }))),
    this.reloads,
  );
  protected readonly actions = computed(() => {
    const plan = this.data().value?.plan;
    const user = this.auth.currentUser();
    return plan && user ? allowedActions(plan, user.email, user.roles) : [];
  });
  protected readonly isOwner = computed(() => this.data().value?.plan.owner === this.auth.currentUser()?.email);

  protected act(plan: PlanView, action: PlanAction): void {
    if (action === 'reject' && !this.comment().trim()) {
      this.failure.set('Say why in the comment: a rejection needs one.');
      return;
    }
    this.busy.set(true);
    this.failure.set(null);
    this.message.set(null);
    this.api.transition(plan.id, action, plan.version, this.comment().trim() || undefined).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.comment.set('');
        this.message.set(`The plan is now ${STATUS_LABELS[updated.status].toLowerCase()}.`);
        this.reloads.next();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.failure.set(apiErrorMessage(e, 'That step did not go through. Please try again.'));
        this.reloads.next();
      },
    });
  }

  protected reload(): void {
    this.reloads.next();
  }
}
