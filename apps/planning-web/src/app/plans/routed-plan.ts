import { inject, Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { map } from 'rxjs';

/**
 * The plan every page works on is `?plan=<id>` in the URL (the navigation keeps it), so a page
 * survives a reload or a sign-in and can be shared. Call in an injection context.
 */
export function routedPlanId(): Signal<string | null> {
  return toSignal(inject(ActivatedRoute).queryParamMap.pipe(map((params) => params.get('plan'))), { initialValue: null });
}

export const STATUS_LABELS: Record<string, string> = { draft: 'Draft', submitted: 'Submitted', approved: 'Approved', rejected: 'Rejected' };
