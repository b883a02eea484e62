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
    expect((await attempt('manager@tideline.local', system.env['DEMO_PASSWORD'])).status).toBe(200);
  });

  it('stops one address after the per-address limit, whichever accounts it tries', async () => {
    // 6 attempts so far from this address; the limit is 12 a minute.
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt(`nobody${i}@tideline.local`, 'not-the-password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });
});
