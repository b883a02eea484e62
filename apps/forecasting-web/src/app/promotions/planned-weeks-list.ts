import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { PlannedWeek } from '@tideline/contracts';
import { DataTable, PageState } from '@tideline/ui';
import { LOADING, refreshable } from '@tideline/web-core';
import { EMPTY, Subject, combineLatest, switchMap } from 'rxjs';
import { PlansApi } from '../api/plans-api';
import { PLANNED_COLUMNS } from './promotion-rows';

/** A product's planned weeks (in a store: its own and the chain's), reloaded whenever `version` changes; optionally removable one by one. */
@Component({
  selector: 'app-planned-weeks-list',
  imports: [PageState, DataTable],
  template: `
    <tl-page-state
      [state]="planned().state"
      loadingMessage="Loading the planned weeks…"
      emptyMessage="Nothing is planned for this product here yet."
      [errorMessage]="planned().error"
      (retry)="reloads.next()"
    >
      @if (planned().value; as weeks) {
        <tl-data-table [columns]="columns" [rows]="weeks" [caption]="'Planned weeks of ' + sku()" [rowKey]="keyOf" [action]="action()" (actionClick)="remove.emit($event)" />
      }
    </tl-page-state>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PlannedWeeksList {
  private readonly api = inject(PlansApi);
  readonly sku = input.required<string>();
  readonly store = input<string | undefined>();
  readonly removable = input(false);
  /** Bump to reload (after a save or a removal). */
  readonly version = input(0);
  readonly remove = output<PlannedWeek>();

  protected readonly reloads = new Subject<void>();
  protected readonly columns = PLANNED_COLUMNS;
  protected readonly keyOf = (w: PlannedWeek) => `${w.week} ${w.store}`;
  protected readonly action = computed(() => (this.removable() ? { label: 'Remove', enabled: () => true } : null));
  protected readonly planned = toSignal(
    combineLatest([toObservable(this.sku), toObservable(this.store), toObservable(this.version)]).pipe(
      switchMap(([sku, store]) => (sku ? refreshable(this.api.planned(sku, store), this.reloads, (weeks) => weeks.length === 0) : EMPTY)),
    ),
    { initialValue: LOADING },
  );
}
