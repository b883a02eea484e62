import { AuthPatterns } from '@tideline/contracts';
import { connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { call, login } from './support/http';
import { RawRpc } from './support/raw-rpc';
import { TestSystem } from './support/test-system';

const run = promisify(execFile);
const RABBITMQCTL = process.env['RABBITMQCTL'] ?? 'rabbitmqctl';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch {
      // not yet
    }
    await sleep(everyMs);
  }
  throw new Error(`Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}

describe('faults: stopped services, killed consumers, a restarted broker', () => {
  let system: TestSystem;
  let rpc: RawRpc;
  const newUser = (email: string) => ({ email, name: 'Crash Test', password: 'crash-test-password', roles: ['forecast_analyst'] });

  beforeAll(async () => {
    system = await TestSystem.start();
    rpc = await RawRpc.open(system.env['RABBITMQ_URL'], system.env['MESSAGE_SIGNING_KEY']);
  });
  afterAll(async () => {
    await rpc?.close();
    await system?.stop();
  });

  it('answers 503 within the request timeout while a service is stopped, and recovers when it returns', async () => {
    const timeout = Number(system.env['RPC_TIMEOUT_MS']);
    expect(await system.stopService('auth-service')).toBe(0);

    const answer = await call(system.gatewayUrl, 'POST', '/api/auth/login', {
      body: { email: 'analyst@tideline.local', password: system.env['DEMO_PASSWORD'] },
    });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      code: 'SERVICE.UNAVAILABLE',
      message: expect.stringContaining(`The auth service did not answer within ${timeout} ms. The request may still be carried out`),
      details: { mayComplete: true },
    });
    expect(answer.ms).toBeLessThan(timeout + 1500);

    const health = await call(system.gatewayUrl, 'GET', '/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'error', error: { auth: { status: 'down' } }, info: { catalog: { status: 'up' } } });

    system.startService('auth-service');
    await eventually(() => call(system.gatewayUrl, 'GET', '/api/health'), (h) => h.status === 200, 30_000);
    expect((await login(system.gatewayUrl, 'analyst@tideline.local', system.env['DEMO_PASSWORD'])).user.email).toBe('analyst@tideline.local');
  });

  it('redelivers a message whose consumer was killed mid-work, and applies it exactly once', async () => {
    const db = await system.database('users');
    try {
      // Hold a lock that the handler's INSERT waits on, so the kill lands inside its transaction.
      await db.query('BEGIN');
      await db.query('LOCK TABLE auth.users IN EXCLUSIVE MODE');
      const { id, reply } = rpc.send('auth', AuthPatterns.createUser, newUser('killed@tideline.local'));
      await eventually(
        () => db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'auth.users'::regclass`),
        (r) => r.rows[0].n > 0,
        10_000,
      );
      await system.killService('auth-service');
      await db.query('ROLLBACK');

      system.startService('auth-service');
      const first = await reply;
      expect(first.err).toBeUndefined();
      expect(first.response).toMatchObject({ email: 'killed@tideline.local', disabled: false });

      // The same message again (as after a crash between commit and ack): same answer, no second user.
      const again = await rpc.send('auth', AuthPatterns.createUser, newUser('killed@tideline.local'), id).reply;
      expect(again.response).toEqual(first.response);
      const users = await db.query(`SELECT count(*)::int AS n FROM auth.users WHERE email = 'killed@tideline.local'`);
      expect(users.rows[0].n).toBe(1);
      const processed = await db.query(`SELECT count(*)::int AS n FROM auth.processed_messages WHERE message_id = $1`, [id]);
      expect(processed.rows[0].n).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('finishes the message in flight on SIGTERM before exiting', async () => {
    const db = await system.database('users');
    try {
      await db.query('BEGIN');
      await db.query('LOCK TABLE auth.users IN EXCLUSIVE MODE');
      const { reply } = rpc.send('auth', AuthPatterns.createUser, newUser('graceful@tideline.local'));
      await eventually(
        () => db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'auth.users'::regclass`),
        (r) => r.rows[0].n > 0,
        10_000,
      );
      const stopped = system.stopService('auth-service');
      await sleep(500);
      await db.query('ROLLBACK');
      expect(await stopped).toBe(0);
      expect((await reply).response).toMatchObject({ email: 'graceful@tideline.local' });
      const users = await db.query(`SELECT count(*)::int AS n FROM auth.users WHERE email = 'graceful@tideline.local'`);
      expect(users.rows[0].n).toBe(1);
    } finally {
      await db.end();
      system.startService('auth-service');
      await eventually(() => call(system.gatewayUrl, 'GET', '/api/health'), (h) => h.status === 200, 30_000);
    }
  });

  it('exits 0 on SIGTERM while still starting (nothing acknowledged yet), instead of dying by the signal', async () => {
    // Hold the catalog's migration lock, so a new instance waits inside its start-up until it is stopped.
    const db = await system.database('catalog');
    try {
      await db.query(`SELECT pg_advisory_lock(hashtextextended('catalog migrations', 0))`);
      system.startService('catalog-service', 'early');
      await eventually(async () => system.log('catalog-service#early'), (log) => log.includes('Another instance is migrating this schema'), 30_000, 50);
      expect(await system.stopService('catalog-service#early')).toBe(0);
      expect(system.log('catalog-service#early')).toContain('Stopped while starting');
    } finally {
      await db.end(); // ends the lock with the session
    }
  });

  it('consumes again when its queue is taken away and cannot be set up for a while, without a broker restart', async () => {
    const health = () => call(system.gatewayUrl, 'GET', '/api/health');
    const connection = await connect(system.env['RABBITMQ_URL']);
    try {
      const channel = await connection.createChannel();
      // The broker cancels the catalog's consumer; a classic queue of that name then makes every
      // setup fail (its arguments differ), while the service's connection stays up.
      await channel.deleteQueue('catalog');
      await channel.assertQueue('catalog', { durable: true });
      await eventually(() => Promise.resolve(system.log('catalog-service')), (log) => log.includes('failed to start: Operation failed: QueueDeclare'), 15_000);
      expect((await health()).status).toBe(503);
      await channel.deleteQueue('catalog');
    } finally {
      await connection.close();
    }
    await eventually(health, (h) => h.status === 200, 30_000);
    expect(system.log('catalog-service')).toContain('again: the broker cancelled its consumer');
  });

  it('reconnects the gateway and every service by itself after RabbitMQ restarts', async () => {
    await run(RABBITMQCTL, ['stop_app']);
    try {
      const during = await call(system.gatewayUrl, 'GET', '/api/health');
      expect(during.status).toBe(503);
    } finally {
      await run(RABBITMQCTL, ['start_app']);
    }
    await eventually(() => call(system.gatewayUrl, 'GET', '/api/health'), (h) => h.status === 200, 60_000);
    const session = await eventually(
      () => call(system.gatewayUrl, 'POST', '/api/auth/login', { body: { email: 'manager@tideline.local', password: system.env['DEMO_PASSWORD'] } }),
      (a) => a.status === 200,
      30_000,
    );
    expect(session.body).toMatchObject({ user: { email: 'manager@tideline.local' } });
  });
});
