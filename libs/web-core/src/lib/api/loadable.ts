import { catchError, map, Observable, of, startWith } from 'rxjs';
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
