import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { EventBody, EventView, SeriesSelector } from '@tideline/contracts';
import { DataTable, PageState, TableColumn } from '@tideline/ui';
import { apiErrorMessage, LOADING, refreshable } from '@tideline/web-core';
import { Subject } from 'rxjs';
import { PlansApi } from '../api/plans-api';
import { eventWeeks, mondayOf } from './promotion-rows';

const EVENT_COLUMNS: TableColumn<EventView>[] = [
  { key: 'name', label: 'Event', value: (e) => e.name },
  { key: 'weeks', label: 'Weeks', value: (e) => e.weeks.join(', ') },
  { key: 'scope', label: 'Where', value: (e) => (e.scope.store ? `store ${e.scope.store}` : e.scope.region ? `region ${e.scope.region}` : 'whole chain') },
  { key: 'createdBy', label: 'Entered by', value: (e) => e.createdBy },
];

/**
 * Custom events (a festival, a competitor's opening): each name is a demand driver of the next
 * runs, learnt from its past weeks. Added for the selection's store, else its region, else the chain.
 */
@Component({
  selector: 'app-events-panel',
  imports: [ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatHint, MatInput, PageState, DataTable],
  template: `
    @if (canEdit()) {
      <form class="panel" [formGroup]="form" (ngSubmit)="add()" aria-label="Add an event">
        <span>Event for {{ where() }}</span>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Event name</mat-label>
          <input matInput formControlName="name" name="name" placeholder="town_festival" />
          <mat-hint>Lower case, digits and _</mat-hint>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Event weeks</mat-label>
          <input matInput formControlName="weeks" name="weeks" placeholder="2025-06-02, 2026-06-01" />
          <mat-hint>Past and coming weeks, any day of each</mat-hint>
        </mat-form-field>
        <button mat-stroked-button type="submit" [disabled]="busy()">Add event</button>
      </form>
    }
    @if (failure()) {
      <p class="error" role="alert">{{ failure() }}</p>
    }
    <tl-page-state
      [state]="events().state"
      loadingMessage="Loading the events…"
      emptyMessage="No events yet."
      [errorMessage]="events().error"
      (retry)="reloads.next()"
    >
      @if (events().value; as list) {
        <tl-data-table [columns]="columns" [rows]="list" caption="Events" [rowKey]="idOf" [action]="action()" (actionClick)="remove($event)" />
      }
    </tl-page-state>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EventsPanel {
  private readonly api = inject(PlansApi);
  readonly selection = input.required<SeriesSelector>();
  readonly canEdit = input(false);

  protected readonly reloads = new Subject<void>();
  protected readonly columns = EVENT_COLUMNS;
  protected readonly idOf = (e: EventView) => e.id;
  protected readonly action = computed(() => (this.canEdit() ? { label: 'Remove', enabled: () => true } : null));
  protected readonly busy = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly where = computed(() => {
    const { store, region } = this.selection();
    return store ? `store ${store}` : region ? `region ${region}` : 'the whole chain';
  });
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true }),
    weeks: new FormControl('', { nonNullable: true }),
  });
  protected readonly events = toSignal(refreshable(this.api.events(), this.reloads, (list) => list.length === 0), { initialValue: LOADING });

  protected add(): void {
    const { name, weeks } = this.form.getRawValue();
    const parsed = eventWeeks(weeks);
    if (typeof parsed === 'string') return this.failure.set(parsed);
    const { store, region } = this.selection();
    const body: EventBody = { name: name.trim(), weeks: parsed.map(mondayOf), ...(store ? { store } : region ? { region } : {}) };
    this.run(this.api.addEvent(body), () => this.form.reset());
  }

  protected remove(event: EventView): void {
    this.run(this.api.removeEvent(event.id), () => undefined);
  }

  private run(request: ReturnType<PlansApi['removeEvent']>, done: () => void): void {
    this.busy.set(true);
    this.failure.set(null);
    request.subscribe({
      next: () => {
        this.busy.set(false);
        done();
        this.reloads.next();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.failure.set(apiErrorMessage(e, 'The event could not be saved. Please try again.'));
      },
    });
  }
}
