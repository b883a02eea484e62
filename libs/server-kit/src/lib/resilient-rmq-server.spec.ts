import { EventEmitter } from 'node:events';
import type { Channel } from 'amqplib';
import { CONSUMER_RECOVERY_MS, ResilientRmqServer } from './resilient-rmq-server';

/** A raw channel whose steps succeed or fail as told, and which closes like amqplib's. */
function fakeChannel(fail?: 'assertQueue' | 'consume') {
  const channel = Object.assign(new EventEmitter(), {
    assertQueue: jest.fn(async () => (fail === 'assertQueue' ? Promise.reject(new Error('PRECONDITION_FAILED')) : { queue: 'q' })),
    prefetch: jest.fn(async () => undefined),
    consume: jest.fn(async () => (fail === 'consume' ? Promise.reject(new Error('Channel ended, no reply will be forthcoming')) : { consumerTag: 't' })),
  });
  return channel as unknown as Channel & EventEmitter;
}

describe('ResilientRmqServer', () => {
  let server: ResilientRmqServer;
  let connection: { isConnected: jest.Mock; reconnect: jest.Mock; close: jest.Mock };

  beforeEach(() => {
    jest.useFakeTimers();
    server = new ResilientRmqServer({ urls: ['amqp://nowhere'], queue: 'q', prefetchCount: 2, noAck: false });
    connection = { isConnected: jest.fn(() => true), reconnect: jest.fn(), close: jest.fn(async () => undefined) };
    (server as unknown as { server: unknown }).server = connection;
  });
  afterEach(() => jest.useRealTimers());

  it('consumes with every step awaited, and calls back once set up', async () => {
    const channel = fakeChannel();
    const ready = jest.fn();
    await server.setupChannel(channel, ready);
    expect(channel.prefetch).toHaveBeenCalledWith(2, false);
    expect(channel.consume).toHaveBeenCalledWith('q', expect.any(Function), expect.objectContaining({ noAck: false }));
    expect(ready).toHaveBeenCalled();
  });

  it('re-makes the connection when the setup fails or the channel closes while the connection stays up', async () => {
    for (const fail of ['assertQueue', 'consume'] as const) {
      connection.reconnect.mockClear();
      const ready = jest.fn();
      await server.setupChannel(fakeChannel(fail), ready); // never rejects: no unhandled rejection
      expect(ready).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(CONSUMER_RECOVERY_MS);
      expect(connection.reconnect).toHaveBeenCalledTimes(1);
    }
    connection.reconnect.mockClear();
    const channel = fakeChannel();
    await server.setupChannel(channel, jest.fn());
    channel.emit('close');
    await jest.advanceTimersByTimeAsync(CONSUMER_RECOVERY_MS);
    expect(connection.reconnect).toHaveBeenCalledTimes(1);
  });

  it('leaves the ordinary reconnect alone: a newer setup, a lost connection or a closing server', async () => {
    const old = fakeChannel();
    await server.setupChannel(old, jest.fn());
    old.emit('close');
    await server.setupChannel(fakeChannel(), jest.fn()); // the transport set up a new channel meanwhile
    await jest.advanceTimersByTimeAsync(CONSUMER_RECOVERY_MS);
    expect(connection.reconnect).not.toHaveBeenCalled();

    const lost = fakeChannel();
    await server.setupChannel(lost, jest.fn());
    connection.isConnected.mockReturnValue(false);
    lost.emit('close');
    await jest.advanceTimersByTimeAsync(CONSUMER_RECOVERY_MS);
    expect(connection.reconnect).not.toHaveBeenCalled();

    connection.isConnected.mockReturnValue(true);
    const last = fakeChannel();
    await server.setupChannel(last, jest.fn());
    await server.close();
    last.emit('close');
    await jest.advanceTimersByTimeAsync(CONSUMER_RECOVERY_MS);
    expect(connection.reconnect).not.toHaveBeenCalled();
  });
});
