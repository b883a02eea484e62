import { markSeeded, markSeeding, seedDemoChain } from '@tideline/demo-chain';
import { call } from './support/http';
import { TestSystem } from './support/test-system';

const CHAIN = { stores: 3, products: 12, lateWeeks: 2 };

/** `npm start`'s seeding of the demo chain, against another client's burst of logins and a start cut short. */
describe('demo seeding: 429s waited out, and a half-done chain finished (real gateway and services)', () => {
  let system: TestSystem;
  let data: { email: string; password: string };
  let analyst: { email: string; password: string };

  beforeAll(async () => {
    // Three logins a minute from an address: a burst from another client uses them up.
    system = await TestSystem.start({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
    data = { email: 'data@tideline.local', password: system.env['DEMO_PASSWORD'] };
    analyst = { email: 'analyst@tideline.local', password: system.env['DEMO_PASSWORD'] };
  });
  afterAll(() => system?.stop());

  it('keeps health at 503 saying "seeding" while the demo chain is being loaded, and 200 once it is in', async () => {
    await markSeeding(system.env);
    const seeding = await call<{ error?: unknown; info?: unknown }>(system.gatewayUrl, 'GET', '/api/health');
    expect(seeding.status).toBe(503);
    expect(seeding.body.error).toEqual({ demo: { status: 'down', state: 'seeding', message: 'The demo chain is still being loaded' } });
    expect(seeding.body.info).toMatchObject({ auth: { status: 'up' }, planning: { status: 'up' } });

    await markSeeded(system.env);
    const ready = await call<{ error?: unknown; info?: unknown }>(system.gatewayUrl, 'GET', '/api/health');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ redis: { status: 'up' } });
  });

  it('finishes a chain an earlier start left without its last weeks, waiting out the 429s of a burst of logins', async () => {
    // An earlier start cut short after the first upload (here: it could not sign in to follow the forecast).
    await expect(seedDemoChain(system.gatewayUrl, data, () => undefined, CHAIN, { ...analyst, password: 'wrong-password' })).rejects.toThrow(/login as analyst/);

    // Someone else's burst of logins: the seeding's own logins now meet 429 for up to a minute.
    const burst = await Promise.all(Array.from({ length: 4 }, () => call(system.gatewayUrl, 'POST', '/api/auth/login', { body: { email: 'x@y.z', password: 'not-it' } })));
    expect(burst.map((a) => a.status)).toContain(429);

    const lines: string[] = [];
    const last = await seedDemoChain(system.gatewayUrl, data, (line) => lines.push(line), CHAIN, analyst);
    expect(lines.join('\n')).toMatch(/POST \/auth\/login: 429; trying again in \d+ s/);
    expect(lines.join('\n')).toContain('Finishing the demo chain that an earlier start left without its last 2 weeks');
    expect(typeof last).toBe('string');
    // Done: a later start finds the whole chain and does nothing.
    expect(await seedDemoChain(system.gatewayUrl, data, () => undefined, CHAIN, analyst)).toBe(false);
  }, 240_000);
});
