import { HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { sessionView, storeSession, userView } from '../../../testing';
import { apiErrorMessage } from '../api/api-error';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';
import { SESSION_STORAGE_KEY } from './session-storage';

const NOW = new Date('2026-01-05T09:00:00Z').getTime();

function stored(): unknown {
  const raw = localStorage.getItem(SESSION_STORAGE_KEY);
  return raw === null ? null : JSON.parse(raw);
}

describe('AuthService', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['queueMicrotask', 'nextTick'] });
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  describe('login', () => {
    it('posts the credentials, stores the session and exposes the user', () => {
      const auth = TestBed.inject(AuthService);
      let signedIn: unknown;
      auth.login('analyst@tideline.local', 'tideline-demo').subscribe((user) => (signedIn = user));

      const req = http.expectOne('/api/auth/login');
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual({ email: 'analyst@tideline.local', password: 'tideline-demo' });
      expect(req.request.headers.has('Authorization')).toBe(false);
      req.flush(sessionView());

      expect(signedIn).toEqual(userView());
      expect(auth.isAuthenticated()).toBe(true);
      expect(auth.currentUser()).toEqual(userView());
      expect(auth.roles()).toEqual(['forecast_analyst']);
      expect(auth.accessToken()).toBe('access-1');
      expect(stored()).toEqual({
        accessToken: 'access-1',
        refreshToken: 'refresh-1',
        expiresAt: NOW + 900_000,
        user: userView(),
      });
    });

    it('keeps the user signed out and passes on the gateway message when the credentials are wrong', () => {
      const auth = TestBed.inject(AuthService);
      let failure: unknown;
      auth.login('analyst@tideline.local', 'wrong').subscribe({ error: (e) => (failure = e) });

      http.expectOne('/api/auth/login').flush(
        { statusCode: 401, code: 'AUTH.INVALID_CREDENTIALS', message: 'Email or password is incorrect.' },
        { status: 401, statusText: 'Unauthorized' },
      );

      expect(failure).toBeInstanceOf(HttpErrorResponse);
      expect(apiErrorMessage(failure)).toBe('Email or password is incorrect.');
      expect(auth.isAuthenticated()).toBe(false);
      expect(stored()).toBeNull();
    });
  });

  it('restores a session stored by an earlier page load', () => {
    storeSession(['category_manager']);
    const auth = TestBed.inject(AuthService);

    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.currentUser()?.name).toBe('Ada Analyst');
    expect(auth.hasAnyRole(['admin', 'category_manager'])).toBe(true);
    expect(auth.hasAnyRole(['admin'])).toBe(false);
  });

  describe('refresh', () => {
    it('spends the refresh token once and stores the rotated pair', () => {
      storeSession();
      const auth = TestBed.inject(AuthService);
      let token: string | undefined;
      auth.refresh().subscribe((t) => (token = t));

      const req = http.expectOne('/api/auth/refresh');
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual({ refreshToken: 'refresh-1' });
      expect(req.request.headers.has('Authorization')).toBe(false);
      req.flush(sessionView({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 600 }));

      expect(token).toBe('access-2');
      expect(auth.accessToken()).toBe('access-2');
      expect(stored()).toEqual({
        accessToken: 'access-2',
        refreshToken: 'refresh-2',
        expiresAt: NOW + 600_000,
        user: userView(),
      });
    });

    it('shares one request between concurrent callers', () => {
      storeSession();
      const auth = TestBed.inject(AuthService);
      const tokens: string[] = [];
      auth.refresh().subscribe((t) => tokens.push(t));
      auth.refresh().subscribe((t) => tokens.push(t));

      http.expectOne('/api/auth/refresh').flush(sessionView({ accessToken: 'access-2', refreshToken: 'refresh-2' }));

      expect(tokens).toEqual(['access-2', 'access-2']);
    });

    it('signs out when the server refuses the refresh token', () => {
      storeSession();
      const auth = TestBed.inject(AuthService);
      let failure: HttpErrorResponse | undefined;
      auth.refresh().subscribe({ error: (e) => (failure = e) });

      http.expectOne('/api/auth/refresh').flush(
        { statusCode: 401, code: 'AUTH.REFRESH_REUSED', message: 'Session expired.' },
        { status: 401, statusText: 'Unauthorized' },
      );

      expect(failure?.status).toBe(401);
      expect(auth.isAuthenticated()).toBe(false);
      expect(stored()).toBeNull();
    });

    it('stays signed in when the gateway cannot be reached', () => {
      storeSession();
      const auth = TestBed.inject(AuthService);
      auth.refresh().subscribe({ error: () => undefined });

      http.expectOne('/api/auth/refresh').error(new ProgressEvent('error'), { status: 0 });

      expect(auth.isAuthenticated()).toBe(true);
      expect(auth.accessToken()).toBe('access-1');
    });

    it('adopts a pair another tab already rotated instead of spending the old refresh token', () => {
      storeSession();
      const auth = TestBed.inject(AuthService);
      storeSession(['forecast_analyst'], { accessToken: 'access-2', refreshToken: 'refresh-2' });
      let token: string | undefined;
      auth.refresh().subscribe((t) => (token = t));

      http.expectNone('/api/auth/refresh');
      expect(token).toBe('access-2');
      expect(auth.accessToken()).toBe('access-2');
    });

    it('runs a minute before the access token expires', () => {
      const auth = TestBed.inject(AuthService);
      auth.login('analyst@tideline.local', 'tideline-demo').subscribe();
      http.expectOne('/api/auth/login').flush(sessionView({ expiresIn: 900 }));

      jest.advanceTimersByTime(839_999);
      http.expectNone('/api/auth/refresh');
      jest.advanceTimersByTime(1);
      http.expectOne('/api/auth/refresh').flush(sessionView({ accessToken: 'access-2', refreshToken: 'refresh-2' }));

      expect(auth.accessToken()).toBe('access-2');
    });

    it('runs at once for a restored session whose access token has expired', () => {
      storeSession(['forecast_analyst'], { expiresAt: NOW - 1_000 });
      TestBed.inject(AuthService);

      jest.advanceTimersByTime(0);

      expect(http.expectOne('/api/auth/refresh').request.body).toEqual({ refreshToken: 'refresh-1' });
    });
  });

  describe('logout', () => {
    it('revokes the session with the bearer token and clears it', () => {
      storeSession();
      const auth = TestBed.inject(AuthService);
      let done = false;
      auth.logout().subscribe({ complete: () => (done = true) });

      expect(auth.isAuthenticated()).toBe(false);
      const req = http.expectOne('/api/auth/logout');
      expect(req.request.method).toBe('POST');
      expect(req.request.headers.get('Authorization')).toBe('Bearer access-1');
      req.flush(null, { status: 204, statusText: 'No Content' });

      expect(done).toBe(true);
      expect(stored()).toBeNull();
    });

    it('clears the session even when the gateway call fails', () => {
      storeSession();
      const auth = TestBed.inject(AuthService);
      let done = false;
      let failed = false;
      auth.logout().subscribe({ complete: () => (done = true), error: () => (failed = true) });

      http.expectOne('/api/auth/logout').flush(
        { statusCode: 503, code: 'SERVICE.UNAVAILABLE', message: 'auth is unavailable' },
        { status: 503, statusText: 'Service Unavailable' },
      );

      expect(done).toBe(true);
      expect(failed).toBe(false);
      expect(auth.isAuthenticated()).toBe(false);
      expect(auth.currentUser()).toBeNull();
      expect(stored()).toBeNull();
    });

    it('follows a sign-out in another tab to the login page', async () => {
      storeSession();
      const auth = TestBed.inject(AuthService);
      const router = TestBed.inject(Router);
      const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);

      localStorage.removeItem(SESSION_STORAGE_KEY);
      window.dispatchEvent(new StorageEvent('storage', { key: SESSION_STORAGE_KEY }));

      expect(auth.isAuthenticated()).toBe(false);
      expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/' } });
    });
  });
});
