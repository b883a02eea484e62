import { BrokerUser, ServiceNames, SalesEvents, brokerGrant, permissionPattern } from '@tideline/contracts';
import { connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { AddressInfo, Socket, createServer, connect as netConnect } from 'node:net';
import { promisify } from 'node:util';
import { withBrokerConnection } from './broker-connection';
import { EventPublisher } from './event-publisher';
import { useSigningKey } from './message-signing';
import { declareTopology } from './rmq-options';

const run = promisify(execFile);
const RABBITMQCTL = process.env['RABBITMQCTL'] ?? 'rabbitmqctl';
const BROKER = (process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672').replace(/\/$/, '');

/** Against the real local broker, in a virtual host of its own that no service has ever used. */
describe('publishing and short-lived connections (real RabbitMQ)', () => {
  const vhost = `tideline_publisher_${process.pid}_${Date.now()}`;
  const url = `${BROKER}/${vhost}`;

  beforeAll(async () => {
    useSigningKey('a-test-key-of-at-least-thirty-two-characters');
    await run(RABBITMQCTL, ['add_vhost', vhost]);
    await run(RABBITMQCTL, ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  }, 30_000);
  afterAll(async () => {
    await run(RABBITMQCTL, ['delete_vhost', vhost]);
    await Promise.all([...ServiceNames, 'gateway'].map((user) => run(RABBITMQCTL, ['delete_user', `${vhost}-${user}`]).catch(() => undefined)));
  }, 30_000);

  /** A broker user with exactly `user`'s grant on this virtual host; resolves with its URL. */
  async function userOf(user: BrokerUser): Promise<string> {
    const name = `${vhost}-${user}`;
    await run(RABBITMQCTL, ['add_user', name, 'pw']).catch(() => undefined);
    const grant = brokerGrant(user);
    await run(RABBITMQCTL, ['set_permissions', '-p', vhost, name, permissionPattern(grant.configure), permissionPattern(grant.write), permissionPattern(grant.read)]);
    return url.replace(/\/\/[^@]+@/, `//${name}:pw@`);
  }

  /** Resolves with the broker's refusal of `operation` (a 403 closes the channel), or 'allowed'. */
  async function outcome(userUrl: string, operation: (channel: import('amqplib').Channel) => Promise<unknown>): Promise<string> {
    return withBrokerConnection(userUrl, operation).then(
      () => 'allowed',
      (error: Error) => (/ACCESS.REFUSED/.test(error.message) ? 'refused' : error.message),
    );
  }

  it('lets every service declare its own part of the topology with no more than its own broker user may', async () => {
    for (const service of ServiceNames) {
      expect(await outcome(await userOf(service), (channel) => declareTopology(channel, service))).toBe('allowed');
    }
  }, 60_000);

  it('keeps a service\'s broker user off every other service\'s queues: no reading, declaring, deleting or purging them', async () => {
    const sales = await userOf('sales');
    const gateway = await userOf('gateway');
    expect(await outcome(sales, (channel) => channel.consume('auth', () => undefined))).toBe('refused');
    expect(await outcome(sales, (channel) => channel.get('planning.events'))).toBe('refused');
    expect(await outcome(sales, (channel) => channel.deleteQueue('auth'))).toBe('refused');
    expect(await outcome(sales, (channel) => channel.purgeQueue('auth'))).toBe('refused');
    expect(await outcome(sales, (channel) => channel.assertQueue('auth.events'))).toBe('refused');
    // The gateway reads the dead-letter queues (for the admins), never a service's own queue.
    expect(await outcome(gateway, (channel) => channel.get('auth.dlq'))).toBe('allowed');
    expect(await outcome(gateway, (channel) => channel.get('auth'))).toBe('refused');
    expect(await outcome(gateway, (channel) => channel.assertExchange('tideline.events', 'topic', { durable: true }))).toBe('refused');
  }, 60_000);

  it('holds an event until every queue it feeds exists, then delivers it to each: none goes into the void', async () => {
    // Neither consumer has ever started (an earlier test here declared their queues: gone again).
    await withBrokerConnection(url, async (channel) => {
      for (const queue of ['forecast.events', 'planning.events']) await channel.deleteQueue(queue);
    });
    const publisher = new EventPublisher(await userOf('sales'), 'sales');
    const event = { uploadId: '00000000-0000-4000-8000-000000000001', weeks: [], series: 0, rows: 0 };
    const messageId = '00000000-0000-4000-8000-0000000000e1';
    try {
      const published = publisher.publish(SalesEvents.batchIngested, event, { messageId });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // Its consumers start (or the broker users' set-up declares their queues): the event goes out.
      for (const consumer of ['forecast', 'planning'] as const) {
        await withBrokerConnection(await userOf(consumer), (channel) => declareTopology(channel, consumer));
      }
      // Held, it was never sent. If the queues took longer than the publish timeout (a loaded
      // machine), the publish failed instead, and the outbox sends it again: so does this test.
      await published.catch(() => publisher.publish(SalesEvents.batchIngested, event, { messageId }));
    } finally {
      await publisher.onApplicationShutdown();
    }
    const connection = await connect(url);
    try {
      const channel = await connection.createChannel();
      expect((await channel.checkQueue('planning.events')).messageCount).toBe(1);
      expect((await channel.checkQueue('forecast.events')).messageCount).toBe(1);
    } finally {
      await connection.close();
    }
  }, 30_000);

  it('turns a connection reset under a short-lived connection into a rejection, never a crash of the process', async () => {
    // What a RabbitMQ restart does to the upload sweeper's connection: the socket is reset. amqplib
    // reports it as an 'error' event, which, with nobody listening, ends the process (and this test).
    const sockets: Socket[] = [];
    const proxy = createServer((client) => {
      const broker = netConnect(Number(new URL(BROKER).port || 5672), new URL(BROKER).hostname);
      sockets.push(client, broker);
      client.on('error', () => undefined).pipe(broker.on('error', () => undefined)).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    const viaProxy = url.replace(/@[^/]+\//, `@127.0.0.1:${port}/`);
    try {
      const reset = withBrokerConnection(viaProxy, async (channel) => {
        sockets.forEach((socket) => socket.resetAndDestroy());
        await new Promise((resolve) => setTimeout(resolve, 200));
        return channel.checkQueue('planning.events');
      });
      await expect(reset).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 200)); // any late 'error' would surface here
    } finally {
      proxy.close();
    }
  }, 30_000);
});
