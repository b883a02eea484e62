import { HttpErrorResponse } from '@angular/common/http';
import { firstValueFrom, of, throwError, toArray } from 'rxjs';
import { loadable } from './loadable';

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
