import { HttpErrorResponse } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { Role, SessionView, UserView } from '@tideline/contracts';
import { catchError, defer, finalize, firstValueFrom, map, Observable, of, shareReplay, throwError, timeout } from 'rxjs';
import { ApiClient } from '../api/api-client';
import { withoutAuth } from './auth-context';
import { SESSION_STORAGE_KEY, SessionStorage, StoredSession, toStoredSession } from './session-storage';

/** Refresh this long before the access token expires, or a quarter of its remaining life if that is shorter. */
const REFRESH_AHEAD_MS = 60_000;
/** Treat a token this close to expiry as expired: clocks differ and requests take time. */
const CLOCK_SKEW_MS = 5_000;
/** After a background refresh fails for a reason other than a rejected session (offline, 5xx). */
const REFRESH_RETRY_MS = 30_000;
const LOGOUT_TIMEOUT_MS = 5_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Web Locks name: one tab at a time may spend the refresh token. */
const REFRESH_LOCK = 'tideline.refresh';

/** True when the server refused the session itself, as opposed to being unreachable. */
export function isSessionRejected(error: unknown): boolean {
  return error instanceof HttpErrorResponse && [400, 401, 403].includes(error.status);
}

/**
 * The signed-in session: who the user is, their tokens, and keeping the access token fresh.
 * Refresh tokens rotate and a reused one revokes the whole session, so every refresh goes
 * through `refresh()`, which lets only one request (and, with Web Locks, one tab) spend it.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(ApiClient);
  private readonly storage = inject(SessionStorage);
  private readonly router = inject(Router);

  private readonly session = signal<StoredSession | null>(this.storage.read());
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshInFlight: Observable<string> | null = null;

  readonly currentUser = computed<UserView | null>(() => this.session()?.user ?? null);
  readonly isAuthenticated = computed(() => this.session() !== null);
  readonly roles = computed<readonly Role[]>(() => this.currentUser()?.roles ?? []);

  constructor() {
    const followOtherTabs = (event: StorageEvent) => {
      if (event.key === SESSION_STORAGE_KEY || event.key === null) {
        this.adoptStoredSession();
      }
    };
    globalThis.addEventListener?.('storage', followOtherTabs);
    inject(DestroyRef).onDestroy(() => {
      globalThis.removeEventListener?.('storage', followOtherTabs);
      this.cancelScheduledRefresh();
    });
    this.scheduleRefresh();
  }

  accessToken(): string | null {
    return this.session()?.accessToken ?? null;
  }

  /** True when there is a session whose access token is expired or about to be. */
  accessTokenExpired(now = Date.now()): boolean {
    const session = this.session();
    return session !== null && now >= session.expiresAt - CLOCK_SKEW_MS;
  }

  hasAnyRole(allowed: readonly Role[]): boolean {
    const held = this.roles();
    return allowed.some((role) => held.includes(role));
  }

  login(email: string, password: string): Observable<UserView> {
    return this.api
      .post<SessionView>('auth/login', { email, password }, { context: withoutAuth() })
      .pipe(map((view) => this.startSession(view).user));
  }

  /**
   * Exchanges the refresh token for a new pair and emits the new access token. Concurrent callers
   * share one request. Fails, and signs out, when the server rejects the refresh token.
   */
  refresh(): Observable<string> {
    if (!this.refreshInFlight) {
      this.refreshInFlight = this.withRefreshLock(() => this.rotateTokens()).pipe(
        finalize(() => (this.refreshInFlight = null)),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
    }
    return this.refreshInFlight;
  }

  /**
   * Signs out locally at once, then asks the gateway to revoke the session. Never fails: a
   * sign-out the server missed still leaves this browser signed out.
   */
  logout(): Observable<void> {
    const accessToken = this.accessToken();
    this.endSession();
    if (!accessToken) {
      return of(undefined);
    }
    return this.api
      .post<void>('auth/logout', null, {
        headers: { Authorization: `Bearer ${accessToken}` },
        context: withoutAuth(),
      })
      .pipe(
        timeout(LOGOUT_TIMEOUT_MS),
        map(() => undefined),
        catchError(() => of(undefined)),
      );
  }

  /** Ends a session the server no longer accepts and sends the user to sign in, coming back here after. */
  expireSession(): void {
    this.endSession();
    this.navigateToLogin();
  }

  private rotateTokens(): Observable<string> {
    const stored = this.storage.read();
    const current = this.session();
    // Another tab may have rotated while this one waited; spending the old token now would look
    // like token theft to the server and revoke the session everywhere.
    if (stored && stored.refreshToken !== current?.refreshToken && Date.now() < stored.expiresAt - CLOCK_SKEW_MS) {
      this.adopt(stored);
      return of(stored.accessToken);
    }
    const refreshToken = (stored ?? current)?.refreshToken;
    if (!refreshToken) {
      return throwError(() => new Error('There is no session to refresh.'));
    }
    return this.api.post<SessionView>('auth/refresh', { refreshToken }, { context: withoutAuth() }).pipe(
      map((view) => this.startSession(view).accessToken),
      catchError((error: unknown) => {
        if (isSessionRejected(error)) {
          this.endSession();
        }
        return throwError(() => error);
      }),
    );
  }

  private withRefreshLock(work: () => Observable<string>): Observable<string> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks) {
      return defer(work);
    }
    return defer(async () => locks.request(REFRESH_LOCK, () => firstValueFrom(work())));
  }

  private startSession(view: SessionView): StoredSession {
    const session = toStoredSession(view);
    this.storage.write(session);
    this.adopt(session);
    return session;
  }

  private adopt(session: StoredSession | null): void {
    this.session.set(session);
    this.scheduleRefresh();
  }

  private endSession(): void {
    this.storage.clear();
    this.adopt(null);
  }

  private adoptStoredSession(): void {
    const wasSignedIn = this.session() !== null;
    const stored = this.storage.read();
    this.adopt(stored);
    if (wasSignedIn && !stored) {
      this.navigateToLogin();
    }
  }

  private navigateToLogin(): void {
    const pending = this.router.currentNavigation();
    const target = pending?.finalUrl ?? pending?.extractedUrl;
    const returnUrl = target ? this.router.serializeUrl(target) : this.router.url;
    if (/^\/login(?:[/?#]|$)/.test(returnUrl)) {
      return;
    }
    void this.router.navigate(['/login'], { queryParams: { returnUrl } });
  }

  private scheduleRefresh(delay?: number): void {
    this.cancelScheduledRefresh();
    const session = this.session();
    if (!session) {
      return;
    }
    const remaining = session.expiresAt - Date.now();
    const due = delay ?? Math.max(0, remaining - Math.min(REFRESH_AHEAD_MS, remaining / 4));
    this.refreshTimer = setTimeout(() => this.refreshInBackground(), Math.min(due, MAX_TIMER_MS));
  }

  private cancelScheduledRefresh(): void {
    if (this.refreshTimer !== undefined) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = undefined;
    }
  }

  private refreshInBackground(): void {
    this.refreshTimer = undefined;
    this.refresh().subscribe({
      error: (error: unknown) => {
        if (isSessionRejected(error)) {
          this.navigateToLogin();
        } else {
          this.scheduleRefresh(REFRESH_RETRY_MS);
        }
      },
    });
  }
}
