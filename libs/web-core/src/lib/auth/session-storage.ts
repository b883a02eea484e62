import { Injectable } from '@angular/core';
import type { SessionView, UserView } from '@tideline/contracts';

/** Every key this app writes to localStorage starts with `tideline.`. */
export const SESSION_STORAGE_KEY = 'tideline.session';

/** A signed-in session as kept between page loads. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds after which the gateway rejects `accessToken`. */
  expiresAt: number;
  user: UserView;
}

export function toStoredSession(view: SessionView, now = Date.now()): StoredSession {
  return {
    accessToken: view.accessToken,
    refreshToken: view.refreshToken,
    expiresAt: now + view.expiresIn * 1000,
    user: view.user,
  };
}

function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const s = value as StoredSession;
  return (
    typeof s.accessToken === 'string' &&
    typeof s.refreshToken === 'string' &&
    typeof s.expiresAt === 'number' &&
    typeof s.user === 'object' &&
    s.user !== null &&
    typeof s.user.id === 'string' &&
    typeof s.user.name === 'string' &&
    Array.isArray(s.user.roles)
  );
}

/** Reads and writes the session in localStorage; a missing, blocked or corrupt store reads as signed out. */
@Injectable({ providedIn: 'root' })
export class SessionStorage {
  read(): StoredSession | null {
    const raw = this.store()?.getItem(SESSION_STORAGE_KEY);
    if (!raw) {
      return null;
    }
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isStoredSession(parsed)) {
        return parsed;
      }
    } catch {
      // fall through: a value we cannot parse is as good as none
    }
    this.clear();
    return null;
  }

  write(session: StoredSession): void {
    try {
      this.store()?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Quota or privacy mode: the session still lives in memory for this tab.
    }
  }

  clear(): void {
    try {
      this.store()?.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // nothing stored, nothing to remove
    }
  }

  private store(): Storage | null {
    try {
      return globalThis.localStorage ?? null;
    } catch {
      // Some browsers throw on access when storage is disabled.
      return null;
    }
  }
}
