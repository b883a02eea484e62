import { inject, Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import type { SeriesSelector } from '@tideline/contracts';
import { map } from 'rxjs';
import { selectorParams } from '../api/forecast-api';
import { SELECTOR_KEYS } from './selection';

/**
 * The page's selection lives in the URL (`?category=Dairy&region=North`), so it survives a
 * reload, a sign-in after an expired session, and can be shared as a link. Call in an injection
 * context (a field initializer).
 */
export function routedSelection(): { selection: Signal<SeriesSelector>; select: (s: SeriesSelector) => void } {
  const route = inject(ActivatedRoute);
  const router = inject(Router);
  const selection = toSignal(
    route.queryParamMap.pipe(
      map((params) => Object.fromEntries(SELECTOR_KEYS.flatMap((f) => (params.has(f) ? [[f, params.get(f)]] : []))) as SeriesSelector),
    ),
    { initialValue: {} },
  );
  const select = (s: SeriesSelector) => void router.navigate([], { relativeTo: route, queryParams: selectorParams(s) });
  return { selection, select };
}
