import { HttpErrorResponse, HttpEvent, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, Observable, switchMap, throwError } from 'rxjs';
import { API_BASE_URL, isApiUrl } from '../api/api-base-url';
import { AUTH_MODE } from './auth-context';
import { AuthService, isSessionRejected } from './auth.service';

function withBearer(req: HttpRequest<unknown>, token: string): HttpRequest<unknown> {
  return req.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}

/**
 * Adds the access token to API requests. On a 401 it refreshes the session once and retries the
 * request with the new token; when the refresh is refused it ends the session and sends the user
 * to `/login?returnUrl=…`. The token never goes to URLs outside `API_BASE_URL`.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const apiBaseUrl = inject(API_BASE_URL);
  const token = auth.accessToken();
  if (req.context.get(AUTH_MODE) === 'none' || !token || !isApiUrl(req.url, apiBaseUrl)) {
    return next(req);
  }

  const refreshThenSend = (originalError?: HttpErrorResponse): Observable<HttpEvent<unknown>> =>
    auth.refresh().pipe(
      catchError((refreshError: unknown) => {
        if (isSessionRejected(refreshError)) {
          auth.expireSession();
        }
        return throwError(() => originalError ?? refreshError);
      }),
      switchMap((fresh) => next(withBearer(req, fresh))),
    );

  // A sleeping laptop or a throttled tab can miss the scheduled refresh; a dead token would only earn a 401.
  if (auth.accessTokenExpired()) {
    return refreshThenSend();
  }

  return next(withBearer(req, token)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
        return throwError(() => error);
      }
      const current = auth.accessToken();
      if (current && current !== token) {
        // Another request already refreshed while this one was in flight.
        return next(withBearer(req, current));
      }
      return refreshThenSend(error);
    }),
  );
};
