import { AuthPatterns, ErrorCodes, EVENTS_EXCHANGE, type DeadLetterView, type SessionView, type UserAdminView } from '@tideline/contracts';
import { signatureHeader, useSigningKey } from '@tideline/server-kit';
import { connect } from 'amqplib';
import { call, login } from './support/http';
import { RawRpc } from './support/raw-rpc';
import { sleep } from './support/small-chain';
import { TestSystem } from './support/test-system';

/** Poison messages: bounded retries, then parked in a dead-letter queue that an admin can list, replay and discard. */
describe('dead letters (real broker and services)', () => {
  let system: TestSystem;
  let admin: SessionView;
  const api = <T>(method: string, route: string, body?: unknown, token = admin.accessToken) => call<T>(system.gatewayUrl, method, `/api${route}`, { token, body });

  /** An event no handler can take: its week is not a date, so the planning service's query fails on every delivery. */
  async function publishPoison(messageId: string): Promise<void> {
    const connection = await connect(system.env['RABBITMQ_URL']);
    const channel = await connection.createConfirmChannel();
    const data = { uploadId: '00000000-0000-4000-8000-00000000dead', weeks: ['not-a-date'], series: 0, rows: 0 };
    channel.publish(EVENTS_EXCHANGE, 'sales.batch.ingested', Buffer.from(JSON.stringify({ pattern: 'sales.batch.ingested', data })), {
      persistent: true,
      messageId,
      contentType: 'application/json',
      headers: signatureHeader('sales.batch.ingested', data), // signed as the sales service would
    });
    await channel.waitForConfirms();
    await connection.close();
  }

  async function parked(id: string, timeoutMs = 30_000): Promise<DeadLetterView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const list = await api<{ items: DeadLetterView[] }>('GET', '/admin/dead-letters');
      const found = list.body.items.find((item) => item.queue === 'planning.events' && item.id === id);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${id} was not dead-lettered: ${JSON.stringify(list.body)}`);
      await sleep(300);
    }
  }

  const failures = () => system.log('planning-service').split('\n').filter((line) => line.includes('sales.batch.ingested') && /fail/i.test(line)).length;

  beforeAll(async () => {
    // Retries after 10, 40, 160, 640 and 2,560 ms instead of 1, 4, 16, 60 and 60 s: the same rule, quicker to watch.
    system = await TestSystem.start({ env: { RETRY_BASE_MS: '10' } });
    useSigningKey(system.env['MESSAGE_SIGNING_KEY']);
    admin = await login(system.gatewayUrl, 'admin@tideline.local', system.env['DEMO_PASSWORD']);
  });
  afterAll(() => system?.stop());

  it('refuses a forged message published straight to a service queue with the broker credentials: nothing changes, it is parked', async () => {
    // Shaped like the gateway's request to create an admin, sent with the broker's default user.
    const rpc = await RawRpc.open(system.env['RABBITMQ_URL'], system.env['MESSAGE_SIGNING_KEY']);
    const admin = (email: string) => ({ email, name: 'Mallory', password: 'forged-password-123', roles: ['admin'] });
    try {
      const unsigned = await rpc.send('auth', AuthPatterns.createUser, admin('forged@evil.test'), 'forged-unsigned', 'none').reply;
      // A real signature, of a harmless body, on an altered one.
      const harmless = { ...admin('altered@evil.test'), roles: ['forecast_analyst'] };
      const altered = await rpc.send('auth', AuthPatterns.createUser, admin('altered@evil.test'), 'forged-altered', { of: harmless }).reply;
      expect([unsigned.err, altered.err]).toEqual([
        expect.objectContaining({ code: ErrorCodes.unsigned, message: expect.stringContaining('carries no signature') }),
        expect.objectContaining({ code: ErrorCodes.unsigned, message: expect.stringContaining('does not match its content') }),
      ]);
      // The same request signed goes through: the refusal was the signature, nothing else.
      const signed = await rpc.send('auth', AuthPatterns.createUser, { ...harmless, email: 'signed@tideline.test' }).reply;
      expect(signed.response).toMatchObject({ email: 'signed@tideline.test' });
    } finally {
      await rpc.close();
    }
    const users = (await api<{ items: UserAdminView[] }>('GET', '/users?pageSize=500')).body.items.map((u) => u.email);
    expect(users).toContain('signed@tideline.test');
    expect(users).not.toEqual(expect.arrayContaining(['forged@evil.test']));
    expect(users).not.toEqual(expect.arrayContaining(['altered@evil.test']));
    const parked = (await api<{ items: DeadLetterView[] }>('GET', '/admin/dead-letters')).body.items.filter((i) => i.queue === 'auth');
    expect(parked.map((i) => [i.id, i.reason])).toEqual(expect.arrayContaining([['forged-unsigned', 'rejected'], ['forged-altered', 'rejected']]));
    // An admin reading dead letters sees no password.
    expect(JSON.parse(parked.find((i) => i.id === 'forged-unsigned')?.payload ?? '{}')).toMatchObject({ email: 'forged@evil.test', password: '[redacted]' });
    expect(system.log('auth-service')).toContain('Refused auth.users.create and dead-lettered it: it carries no signature');
  });

  it('parks a message after the delivery limit, and lets an admin list, replay and discard it', async () => {
    await publishPoison('poison-1');
    const letter = await parked('poison-1');
    expect(letter).toMatchObject({ queue: 'planning.events', id: 'poison-1', pattern: 'sales.batch.ingested', reason: 'delivery_limit' });
    expect(JSON.parse(letter.payload)).toMatchObject({ weeks: ['not-a-date'] });
    expect(letter.deadAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    const tries = failures();
    expect(tries).toBeGreaterThanOrEqual(5);

    // Listing takes nothing away.
    expect((await api<{ items: DeadLetterView[] }>('GET', '/admin/dead-letters')).body.items.filter((i) => i.id === 'poison-1')).toHaveLength(1);

    // Replayed, it goes through the queue again (and, still poison, comes back after as many tries).
    expect((await api('POST', '/admin/dead-letters/replay', { queue: 'planning.events', id: 'poison-1' })).body).toEqual({ queue: 'planning.events', replayed: 1, discarded: 0 });
    await sleep(500);
    await parked('poison-1');
    expect(failures()).toBeGreaterThanOrEqual(tries + 5);

    expect((await api('POST', '/admin/dead-letters/discard', { queue: 'planning.events', id: 'poison-1' })).body).toEqual({ queue: 'planning.events', replayed: 0, discarded: 1 });
    const after = await api<{ items: DeadLetterView[] }>('GET', '/admin/dead-letters');
    expect(after.body.items.filter((i) => i.queue === 'planning.events' && i.id === 'poison-1')).toEqual([]);
  });

  it('answers clearly for an unknown queue or message, and only to admins', async () => {
    expect((await api('POST', '/admin/dead-letters/discard', { queue: 'nowhere' })).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('queue must be one of') });
    expect((await api('POST', '/admin/dead-letters/replay', { queue: 'planning.events', id: 'never-sent' })).body).toMatchObject({
      statusCode: 404,
      message: 'No dead letter never-sent in planning.events',
    });
    const analyst = await login(system.gatewayUrl, 'analyst@tideline.local', system.env['DEMO_PASSWORD']);
    expect((await api('GET', '/admin/dead-letters', undefined, analyst.accessToken)).status).toBe(403);
  });
});
