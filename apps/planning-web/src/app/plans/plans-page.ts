import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { Router } from '@angular/router';
import type { CompareView, PlanView } from '@tideline/contracts';
import { DataTable, PageState, TableColumn } from '@tideline/ui';
import { apiErrorMessage, LOADING, refreshable } from '@tideline/web-core';
import { catchError, map, of, Subject } from 'rxjs';
import { PlanningApi } from '../api/planning-api';
import { STATUS_LABELS } from './routed-plan';
import { mondayOnOrAfter, planPeriodError } from './plan-period';

const PLAN_COLUMNS: TableColumn<PlanView>[] = [
  { key: 'name', label: 'Plan', value: (p) => p.name + (p.scenario ? ` · ${p.scenario}` : '') },
  { key: 'revision', label: 'Version', value: (p) => p.revision, format: 'integer' },
  { key: 'status', label: 'Status', value: (p) => STATUS_LABELS[p.status] ?? p.status },
  { key: 'owner', label: 'Owner', value: (p) => p.owner },
  { key: 'approver', label: 'Approver', value: (p) => p.approver },
  { key: 'period', label: 'Period', value: (p) => `${p.from} – ${p.to}` },
  { key: 'department', label: 'Scope', value: (p) => p.department ?? 'All departments' },
  { key: 'planUnits', label: 'Plan units', value: (p) => p.planUnits, format: 'integer' },
  { key: 'planRevenue', label: 'Plan revenue', value: (p) => p.planRevenue, format: 'integer' },
  { key: 'lastYearUnits', label: 'Last year units', value: (p) => p.lastYearUnits, format: 'integer' },
  { key: 'newerForecast', label: 'Forecast', value: (p) => (p.newerForecast ? 'Newer forecast available' : 'Current') },
];

const COMPARE_COLUMNS: TableColumn<CompareView['cells'][number]>[] = [
  { key: 'category', label: 'Category', value: (c) => c.category },
  { key: 'cluster', label: 'Cluster', value: (c) => c.cluster },
  { key: 'week', label: 'Week', value: (c) => c.week },
  { key: 'a', label: 'A', value: (c) => c.a, format: 'integer' },
  { key: 'b', label: 'B', value: (c) => c.b, format: 'integer' },
  { key: 'difference', label: 'B − A', value: (c) => c.difference, format: 'integer' },
];

/** `/plans`: every plan with its status and figures; create one, branch versions and scenarios, compare two. */
@Component({
  selector: 'app-plans-page',
  imports: [PageState, DataTable, ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatHint, MatError, MatInput, MatSelect, MatOption],
  templateUrl: './plans-page.html',
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PlansPage {
  private readonly api = inject(PlanningApi);
  private readonly router = inject(Router);
  private readonly reloads = new Subject<void>();

  protected readonly columns = PLAN_COLUMNS;
  protected readonly compareColumns = COMPARE_COLUMNS;
  protected readonly openAction = { label: 'Open', enabled: () => true };
  protected readonly planKey = (plan: PlanView) => plan.id;
  protected readonly plans = toSignal(refreshable(this.api.plans(), this.reloads, (page) => page.items.length === 0), { initialValue: LOADING });
  protected readonly departments = toSignal(
    this.api.departments().pipe(
      map((tree) => tree.map((node) => node.name)),
      catchError(() => of([])),
    ),
    { initialValue: [] },
  );

  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] }),
    from: new FormControl(mondayOnOrAfter(new Date(), 1), { nonNullable: true, validators: [Validators.required] }),
    to: new FormControl(mondayOnOrAfter(new Date(), 13), { nonNullable: true, validators: [Validators.required] }),
    department: new FormControl('', { nonNullable: true }),
    approver: new FormControl('', { nonNullable: true, validators: [Validators.email] }),
    editors: new FormControl('', { nonNullable: true }),
  });
  protected readonly periodError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly selected = signal<PlanView | null>(null);
  protected readonly compareWith = signal('');
  protected readonly comparison = signal<CompareView | null>(null);
  protected readonly others = computed(() => (this.plans().value?.items ?? []).filter((p) => p.id !== this.selected()?.id));

  protected createPlan(): void {
    const { name, from, to, department, approver } = this.form.getRawValue();
    const editors = this.form.controls.editors.value.split(',').map((email) => email.trim()).filter(Boolean);
    this.periodError.set(planPeriodError(from, to));
    if (this.form.invalid || this.periodError()) {
      this.form.markAllAsTouched();
      return;
    }
    this.begin();
    this.api.create({ name: name.trim(), from, to, ...(department ? { department } : {}), ...(approver ? { approver } : {}), ...(editors.length ? { editors } : {}) }).subscribe({
      next: (plan) => this.openPlan(plan),
      error: (e: unknown) => this.fail(e),
    });
  }

  protected select(plan: PlanView): void {
    this.selected.set(plan);
    this.comparison.set(null);
  }

  protected openPlan(plan: PlanView): void {
    this.busy.set(false);
    void this.router.navigate(['/budget'], { queryParams: { plan: plan.id } });
  }

  protected branch(scenario?: string): void {
    const plan = this.selected();
    if (!plan) return;
    this.begin();
    this.api.branch(plan.id, scenario?.trim() || undefined).subscribe({
      next: (created) => this.openPlan(created),
      error: (e: unknown) => this.fail(e),
    });
  }

  protected refreshBaseline(): void {
    const plan = this.selected();
    if (!plan) return;
    this.begin();
    this.api.refreshBaseline(plan.id, plan.version).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.selected.set(updated);
        this.reloads.next();
      },
      error: (e: unknown) => this.fail(e),
    });
  }

  protected compare(): void {
    const plan = this.selected();
    if (!plan || !this.compareWith()) return;
    this.begin();
    this.api.compare(plan.id, this.compareWith()).subscribe({
      next: (view) => {
        this.busy.set(false);
        this.comparison.set(view);
      },
      error: (e: unknown) => this.fail(e),
    });
  }

  protected reload(): void {
    this.reloads.next();
  }

  private begin(): void {
    this.busy.set(true);
    this.failure.set(null);
  }

  private fail(error: unknown): void {
    this.busy.set(false);
    this.failure.set(apiErrorMessage(error, 'That did not work. Please try again.'));
  }
}
