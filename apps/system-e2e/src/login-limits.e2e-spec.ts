import { call } from './support/http';
import { TestSystem } from './support/test-system';

/** Password guessing: login is limited per address and, separately, per account. */
describe('login rate limits (real gateway)', () => {
  let system: TestSystem;
  const PER_ADDRESS = 12;
  const PER_ACCOUNT = 4;
  const attempt = (email: string, password: string) => call(system.gatewayUrl, 'POST', '/api/auth/login', { body: { email, password } });

  beforeAll(async () => {
    system = await TestSystem.start({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: String(PER_ADDRESS), LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE: String(PER_ACCOUNT) } });
  });
  afterAll(() => system?.stop());

  it('stops guessing at one account after the per-account limit, however the email is spelled, while other accounts still sign in', async () => {
    const statuses = [];
    for (const email of ['manager2@tideline.local', 'MANAGER2@tideline.local', ' manager2@tideline.local', 'Manager2@Tideline.local']) {
      statuses.push((await attempt(email, 'not-the-password')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
    // The account is held for the minute: even its right password waits.
    const held = await attempt('manager2@tideline.local', system.env['DEMO_PASSWORD']);
    expect(held.status).toBe(429);
    expect(held.body).toMatchObject({ statusCode: 429, message: expect.any(String) });
    // Says how long to wait, in the standard header.
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt('manager@tideline.local', system.env['DEMO_PASSWORD'])).status).toBe(200);
  });

  it('stops one address after the per-address limit, whichever accounts it tries', async () => {
    // 6 attempts so far from this address; the limit is 12 a minute.
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt(`nobody${i}@tideline.local`, 'not-the-password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });

  // The gateway believes X-Forwarded-For from loopback (TRUSTED_PROXIES), so the test can speak from several addresses.
  const from = (email: string, password: string, address: string) =>
    call(system.gatewayUrl, 'POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': address } });

  it('never locks the owner out: guesses from elsewhere do not count against the address the account signs in from', async () => {
    const owner = '198.51.100.7';
    // The owner's first sign-in from this address still counted (it was not known yet).
    expect((await from('admin@tideline.local', system.env['DEMO_PASSWORD'], owner)).status).toBe(200);
    const guesses = [];
    for (let i = 1; i <= PER_ACCOUNT; i++) guesses.push((await from('admin@tideline.local', 'not-the-password', `203.0.113.${i}`)).status);
    expect(guesses).toEqual([401, 401, 401, 429]);
    // Held for the guessers, not for the owner.
    expect((await from('admin@tideline.local', system.env['DEMO_PASSWORD'], '203.0.113.9')).status).toBe(429);
    expect((await from('admin@tideline.local', system.env['DEMO_PASSWORD'], owner)).status).toBe(200);
  });

  it('counts in Redis, shared by every gateway instance: a restarted gateway goes on counting', async () => {
    for (let i = 10; i < 10 + PER_ACCOUNT; i++) expect((await from('analyst@tideline.local', 'not-the-password', `203.0.113.${i}`)).status).toBe(401);
    await system.killService('gateway');
    system.startService('gateway');
    await system.gatewayReady();
    expect((await from('analyst@tideline.local', 'not-the-password', '203.0.113.99')).status).toBe(429);
  });
});
