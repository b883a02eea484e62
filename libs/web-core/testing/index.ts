import type { Role, SessionView, UserView } from '@tideline/contracts';
import { SESSION_STORAGE_KEY, StoredSession } from '../src/lib/auth/session-storage';

/** Test fixtures for code that uses `@tideline/web-core`; never imported by production code. */
export function userView(overrides: Partial<UserView> = {}): UserView {
  return {
    id: '7d0f6a52-3b0e-4c1a-9a37-2f1f3c9b8e01',
    email: 'analyst@tideline.local',
    name: 'Ada Analyst',
    roles: ['forecast_analyst'],
    ...overrides,
  };
}

export function sessionView(overrides: Partial<SessionView> = {}): SessionView {
  return {
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    expiresIn: 900,
    user: userView(),
    ...overrides,
  };
}

/** Puts a session in localStorage as a previous page load would have; call before `AuthService` is created. */
export function storeSession(roles: Role[] = ['forecast_analyst'], overrides: Partial<StoredSession> = {}): StoredSession {
  const session: StoredSession = {
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    expiresAt: Date.now() + 900_000,
    user: userView({ roles }),
    ...overrides,
  };
  localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  return session;
}
