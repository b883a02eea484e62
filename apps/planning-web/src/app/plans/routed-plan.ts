import { inject, Signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { LOADING, Loadable, refreshable } from '@tideline/web-core';
import { map, Observable, of, switchMap } from 'rxjs';

/**
 * The plan every page works on is `?plan=<id>` in the URL (the navigation keeps it), so a page
 * survives a reload or a sign-in and can be shared. Call in an injection context.
 */
export function routedPlanId(): Signal<string | null> {
  return toSignal(inject(ActivatedRoute).queryParamMap.pipe(map((params) => params.get('plan'))), { initialValue: null });
}

/**
 * A page's data for the plan in the URL, asked again at each `reloads` emission (without blinking,
 * see `refreshable`). Loading while no plan is named: the page shows its no-plan state then.
 * Call in an injection context.
 */
export function planData<T>(
  planId: Signal<string | null>,
  load: (id: string) => Observable<T>,
  reloads: Observable<unknown>,
  isEmpty?: (value: T) => boolean,
): Signal<Loadable<T>> {
  return toSignal(toObservable(planId).pipe(switchMap((id) => (id ? refreshable(load(id), reloads, isEmpty) : of(LOADING)))), {
    initialValue: LOADING,
  });
}

export const STATUS_LABELS: Record<string, string> = { draft: 'Draft', submitted: 'Submitted', approved: 'Approved', rejected: 'Rejected' };
