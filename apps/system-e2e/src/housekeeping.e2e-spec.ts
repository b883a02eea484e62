import type { SessionView } from '@tideline/contracts';
import { call, login } from './support/http';
import { sleep } from './support/small-chain';
import { TestSystem } from './support/test-system';

/** Tables that only grew, and sessions that lived for ever: purged, and ended at an absolute age. */
describe('housekeeping: an absolute session lifetime, and purged tables (real gateway, services, database)', () => {
  const MAX_AGE_S = 4;
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ env: { SESSION_MAX_AGE_SECONDS: String(MAX_AGE_S), PROCESSED_MESSAGES_RETENTION_HOURS: '24' } });
  });
  afterAll(() => system?.stop());

  it('ends a session at SESSION_MAX_AGE_SECONDS however often it is refreshed', async () => {
    let session: SessionView = await login(system.gatewayUrl, 'analyst@tideline.local', system.env['DEMO_PASSWORD']);
    const refresh = () => call<SessionView>(system.gatewayUrl, 'POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } });
    const first = await refresh();
    expect(first.status).toBe(200);
    session = first.body;
    expect((await call(system.gatewayUrl, 'GET', '/api/me', { token: session.accessToken })).status).toBe(200);
    await sleep(MAX_AGE_S * 1000 + 500);
    expect((await call(system.gatewayUrl, 'GET', '/api/me', { token: session.accessToken })).status).toBe(401);
    const late = await refresh();
    expect(late.body).toMatchObject({ statusCode: 401, message: 'This session reached its maximum age; sign in again' });
    // Signing in again starts a new session.
    expect((await login(system.gatewayUrl, 'analyst@tideline.local', system.env['DEMO_PASSWORD'])).accessToken).toBeTruthy();
  });

  it('purges handled messages past their retention, expired refresh tokens and long-ended sessions, keeping the rest', async () => {
    const users = await system.database('users');
    try {
      await login(system.gatewayUrl, 'manager@tideline.local', system.env['DEMO_PASSWORD']);
      const count = async (sql: string) => (await users.query(sql)).rows[0].n as number;
      await users.query(`INSERT INTO auth.processed_messages (message_id, pattern, processed_at) VALUES ('old', 'x', now() - interval '25 hours'), ('recent', 'x', now() - interval '23 hours')`);
      // The manager's refresh token expires (its session stays); the analyst's sessions ended long ago.
      await users.query(
        `UPDATE auth.refresh_tokens SET expires_at = now() - interval '1 minute'
         WHERE session_id IN (SELECT s.id FROM auth.sessions s JOIN auth.users u ON u.id = s.user_id WHERE u.email = 'manager@tideline.local')`,
      );
      await users.query(`UPDATE auth.sessions SET created_at = now() - interval '40 days' WHERE user_id = (SELECT id FROM auth.users WHERE email = 'analyst@tideline.local')`);
      const expiredTokens = await count(`SELECT count(*)::int AS n FROM auth.refresh_tokens WHERE expires_at < now()`);
      expect(expiredTokens).toBeGreaterThan(0);

      // The purge runs at start and then every hour.
      expect(await system.stopService('auth-service')).toBe(0);
      system.startService('auth-service');
      await system.serviceReady('auth-service');
      for (let i = 0; i < 50 && (await count(`SELECT count(*)::int AS n FROM auth.processed_messages WHERE message_id = 'old'`)) > 0; i++) await sleep(100);

      expect(await count(`SELECT count(*)::int AS n FROM auth.processed_messages WHERE message_id IN ('old', 'recent')`)).toBe(1);
      expect(await count(`SELECT count(*)::int AS n FROM auth.refresh_tokens WHERE expires_at < now()`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM auth.sessions s JOIN auth.users u ON u.id = s.user_id WHERE u.email = 'analyst@tideline.local'`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM auth.sessions s JOIN auth.users u ON u.id = s.user_id WHERE u.email = 'manager@tideline.local'`)).toBeGreaterThan(0);
      expect(system.log('auth-service')).toContain('Purged');
    } finally {
      await users.end();
    }
  });
});
