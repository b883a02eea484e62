import { catchError, exhaustMap, filter, map, Observable, of, startWith, switchMap, timer } from 'rxjs';
import { apiErrorMessage } from './api-error';

/** Where a screen's data is: every screen shows each of these differently (see `tl-page-state`). */
export type LoadState = 'loading' | 'empty' | 'error' | 'ready';

export interface Loadable<T> {
  state: LoadState;
  value: T | null;
  /** The sentence to show when `state` is `error`. */
  error: string | null;
}

export const LOADING: Loadable<never> = { state: 'loading', value: null, error: null };

/**
 * Wraps a request so that a screen can render every moment of it: `loading` at once, then
 * `ready` or `empty` (as `isEmpty` decides) with the value, or `error` with the gateway's message.
 * It never errors itself, so it can sit inside a `switchMap` that lives as long as the page.
 */
export function loadable<T>(request: Observable<T>, isEmpty: (value: T) => boolean = () => false): Observable<Loadable<T>> {
  return request.pipe(
    map((value): Loadable<T> => ({ state: isEmpty(value) ? 'empty' : 'ready', value, error: null })),
    catchError((failure: unknown) => of<Loadable<T>>({ state: 'error', value: null, error: apiErrorMessage(failure) })),
    startWith<Loadable<T>>(LOADING),
  );
}

/**
 * `loadable` asked again every `everyMs` (a new ask waits for the last answer): `loading` only
 * before the first answer, so a screen that polls does not blink.
 */
export function polled<T>(request: Observable<T>, everyMs: number, isEmpty: (value: T) => boolean = () => false): Observable<Loadable<T>> {
  return timer(0, everyMs).pipe(
    exhaustMap(() => loadable(request, isEmpty).pipe(filter((answer) => answer.state !== 'loading'))),
    startWith<Loadable<T>>(LOADING),
  );
}

/**
 * `loadable`, asked again at each `refreshes` emission: `loading` only the first time, so the
 * screen keeps showing the last answer until the new one arrives (after a save, say).
 */
export function refreshable<T>(request: Observable<T>, refreshes: Observable<unknown>, isEmpty: (value: T) => boolean = () => false): Observable<Loadable<T>> {
  return refreshes.pipe(
    startWith(null),
    switchMap((_, i) => (i === 0 ? loadable(request, isEmpty) : loadable(request, isEmpty).pipe(filter((answer) => answer.state !== 'loading')))),
  );
}
