import { Channel, connect } from 'amqplib';
import { BROKER_SOCKET_OPTIONS } from './rmq-options';

/**
 * Runs `work` on a short-lived broker connection of its own, then closes it. The broker going
 * away meanwhile makes `work` (or the close) fail, never the process: amqplib reports a lost
 * connection as an 'error' event, which ends the process when nothing listens. A sweeper that
 * opened such a connection every second killed the catalog service when RabbitMQ restarted.
 */
export async function withBrokerConnection<T>(url: string, work: (channel: Channel) => Promise<T>): Promise<T> {
  const connection = await connect(url, BROKER_SOCKET_OPTIONS);
  connection.on('error', () => undefined); // the failure reaches the caller as a rejection instead
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    return await work(channel);
  } finally {
    await connection.close().catch(() => undefined);
  }
}
