import { HttpErrorResponse } from '@angular/common/http';
import { defer, firstValueFrom, of, Subject, throwError, toArray } from 'rxjs';
import { loadable, polled, refreshable } from './loadable';

describe('loadable', () => {
  it('says loading, then ready with the value', async () => {
    const states = await firstValueFrom(loadable(of([1, 2])).pipe(toArray()));
    expect(states).toEqual([
      { state: 'loading', value: null, error: null },
      { state: 'ready', value: [1, 2], error: null },
    ]);
  });

  it('says empty when the value holds nothing to show', async () => {
    const states = await firstValueFrom(loadable(of([] as number[]), (v) => v.length === 0).pipe(toArray()));
    expect(states[1]).toEqual({ state: 'empty', value: [], error: null });
  });

  it("turns a failed request into the gateway's message instead of an error", async () => {
    const failure = new HttpErrorResponse({
      status: 400,
      error: { statusCode: 400, code: 'VALIDATION', message: 'horizon must be at most 52 weeks' },
    });
    const states = await firstValueFrom(loadable(throwError(() => failure)).pipe(toArray()));
    expect(states[1]).toEqual({ state: 'error', value: null, error: 'horizon must be at most 52 weeks' });
  });
});

describe('polled', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('says loading once, then every fresh answer without going back to loading', () => {
    let n = 0;
    const seen: string[] = [];
    const sub = polled(defer(() => of(++n)), 1000).subscribe((s) => seen.push(`${s.state}:${s.value}`));
    jest.advanceTimersByTime(2500);
    sub.unsubscribe();
    expect(seen).toEqual(['loading:null', 'ready:1', 'ready:2', 'ready:3']);
  });
});

describe('refreshable', () => {
  it('says loading only before the first answer, then each refreshed answer', () => {
    let n = 0;
    const refreshes = new Subject<void>();
    const seen: string[] = [];
    const sub = refreshable(defer(() => of(++n)), refreshes).subscribe((s) => seen.push(`${s.state}:${s.value}`));
    refreshes.next();
    refreshes.next();
    sub.unsubscribe();
    expect(seen).toEqual(['loading:null', 'ready:1', 'ready:2', 'ready:3']);
  });
});
