import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { sessionView, storeSession } from '../../../testing';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';
import { SESSION_STORAGE_KEY } from './session-storage';

@Component({ template: '' })
class BlankPage {}

const unauthorized = { status: 401, statusText: 'Unauthorized' };
const tokenInvalid = { statusCode: 401, code: 'AUTH.TOKEN_INVALID', message: 'Access token expired.' };

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  function setUp(): void {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: BlankPage },
          { path: 'explorer', component: BlankPage },
        ]),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => backend.verify());

  it('adds the bearer token to API requests', () => {
    storeSession();
    setUp();
    http.get('/api/me').subscribe();

    expect(backend.expectOne('/api/me').request.headers.get('Authorization')).toBe('Bearer access-1');
  });

  it('never sends the token outside the API, nor a header when signed out', () => {
    storeSession();
    setUp();
    http.get('https://tiles.example.com/map.json').subscribe();
    expect(backend.expectOne('https://tiles.example.com/map.json').request.headers.has('Authorization')).toBe(false);

    TestBed.inject(AuthService).expireSession();
    http.get('/api/health').subscribe();
    expect(backend.expectOne('/api/health').request.headers.has('Authorization')).toBe(false);
  });

  it('on 401 refreshes once and retries the request with the new token', () => {
    storeSession();
    setUp();
    let body: unknown;
    http.get('/api/forecast/series').subscribe((b) => (body = b));

    backend.expectOne('/api/forecast/series').flush(tokenInvalid, unauthorized);
    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush(sessionView({ accessToken: 'access-2', refreshToken: 'refresh-2' }));
    const retry = backend.expectOne('/api/forecast/series');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush({ model: 'ets' });

    expect(body).toEqual({ model: 'ets' });
  });

  it('refreshes once for several requests that fail together', () => {
    storeSession();
    setUp();
    const bodies: unknown[] = [];
    http.get('/api/catalog/products').subscribe((b) => bodies.push(b));
    http.get('/api/catalog/stores').subscribe((b) => bodies.push(b));

    backend.expectOne('/api/catalog/products').flush(tokenInvalid, unauthorized);
    backend.expectOne('/api/catalog/stores').flush(tokenInvalid, unauthorized);
    backend.expectOne('/api/auth/refresh').flush(sessionView({ accessToken: 'access-2', refreshToken: 'refresh-2' }));
    const retries = [backend.expectOne('/api/catalog/products'), backend.expectOne('/api/catalog/stores')];
    expect(retries.map((r) => r.request.headers.get('Authorization'))).toEqual(['Bearer access-2', 'Bearer access-2']);
    retries[0].flush({ items: [], total: 0 });
    retries[1].flush({ items: [], total: 1 });

    expect(bodies).toEqual([{ items: [], total: 0 }, { items: [], total: 1 }]);
  });

  it('does not refresh a second time when the retried request is refused too', () => {
    storeSession();
    setUp();
    let status: number | undefined;
    http.get('/api/me').subscribe({ error: (e: HttpErrorResponse) => (status = e.status) });

    backend.expectOne('/api/me').flush(tokenInvalid, unauthorized);
    backend.expectOne('/api/auth/refresh').flush(sessionView({ accessToken: 'access-2', refreshToken: 'refresh-2' }));
    backend.expectOne('/api/me').flush(tokenInvalid, unauthorized);

    backend.expectNone('/api/auth/refresh');
    expect(status).toBe(401);
  });

  it('passes other errors through without refreshing', () => {
    storeSession();
    setUp();
    let status: number | undefined;
    http.get('/api/planning/plans').subscribe({ error: (e: HttpErrorResponse) => (status = e.status) });

    backend.expectOne('/api/planning/plans').flush(
      { statusCode: 403, code: 'AUTH.FORBIDDEN', message: 'Not allowed.' },
      { status: 403, statusText: 'Forbidden' },
    );

    backend.expectNone('/api/auth/refresh');
    expect(status).toBe(403);
  });

  it('when the refresh is refused, clears the session and redirects to /login with the return URL', async () => {
    storeSession();
    setUp();
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/explorer?sku=A-100');
    let status: number | undefined;
    http.get('/api/forecast/series').subscribe({ error: (e: HttpErrorResponse) => (status = e.status) });

    backend.expectOne('/api/forecast/series').flush(tokenInvalid, unauthorized);
    backend
      .expectOne('/api/auth/refresh')
      .flush({ statusCode: 401, code: 'AUTH.REFRESH_REUSED', message: 'Session expired.' }, unauthorized);
    await new Promise((resolve) => setTimeout(resolve));

    expect(status).toBe(401);
    expect(router.url).toBe('/login?returnUrl=%2Fexplorer%3Fsku%3DA-100');
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    backend.expectNone('/api/forecast/series');
  });

  it('refreshes before sending when the access token has already expired', () => {
    storeSession(['forecast_analyst'], { expiresAt: Date.now() - 1_000 });
    setUp();
    http.get('/api/me').subscribe();

    backend.expectOne('/api/auth/refresh').flush(sessionView({ accessToken: 'access-2', refreshToken: 'refresh-2' }));

    expect(backend.expectOne('/api/me').request.headers.get('Authorization')).toBe('Bearer access-2');
  });
});
