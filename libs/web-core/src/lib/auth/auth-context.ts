import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * How `authInterceptor` treats a request: `auto` adds the bearer token and refreshes once on 401
 * (the default); `none` leaves it untouched, for the calls that carry their own credentials
 * (sign-in, refresh, sign-out).
 */
export type AuthMode = 'auto' | 'none';

export const AUTH_MODE = new HttpContextToken<AuthMode>(() => 'auto');

export function withoutAuth(context = new HttpContext()): HttpContext {
  return context.set(AUTH_MODE, 'none');
}
