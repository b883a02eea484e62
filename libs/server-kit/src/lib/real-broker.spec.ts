import { SalesEvents } from '@tideline/contracts';
import { connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { AddressInfo, Socket, createServer, connect as netConnect } from 'node:net';
import { promisify } from 'node:util';
import { withBrokerConnection } from './broker-connection';
import { EventPublisher } from './event-publisher';
import { useSigningKey } from './message-signing';

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
  afterAll(() => run(RABBITMQCTL, ['delete_vhost', vhost]), 30_000);

  it('keeps an event published before any consumer ever started: it declares every consumer\'s queue and binding first', async () => {
    const publisher = new EventPublisher(url);
    try {
      await publisher.publish(SalesEvents.batchIngested, { uploadId: '00000000-0000-4000-8000-000000000001', weeks: [], series: 0, rows: 0 });
    } finally {
      await publisher.onApplicationShutdown();
    }
    const connection = await connect(url);
    try {
      const channel = await connection.createChannel();
      // Both services that consume it have it waiting, and every consumed queue has its dead-letter queue.
      expect((await channel.checkQueue('planning.events')).messageCount).toBe(1);
      expect((await channel.checkQueue('forecast.events')).messageCount).toBe(1);
      for (const queue of ['auth.dlq', 'planning.events.dlq', 'forecast.work.dlq']) await channel.checkQueue(queue);
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
