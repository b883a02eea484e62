import { ChannelModel, connect } from 'amqplib';

export interface TappedEvent {
  messageId: string;
  pattern: string;
  data: unknown;
}

/** A private queue bound to the `tideline.events` exchange: what the services announce, as received. */
export class EventTap {
  private readonly received: TappedEvent[] = [];

  private constructor(private readonly connection: ChannelModel) {}

  static async open(url: string, routingKey: string): Promise<EventTap> {
    const connection = await connect(url);
    connection.on('error', () => undefined);
    const tap = new EventTap(connection);
    const channel = await connection.createChannel();
    await channel.assertExchange('tideline.events', 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, 'tideline.events', routingKey);
    await channel.consume(
      queue,
      (msg) => {
        if (!msg) return;
        const { pattern, data } = JSON.parse(msg.content.toString());
        tap.received.push({ messageId: msg.properties.messageId, pattern, data });
      },
      { noAck: true },
    );
    return tap;
  }

  /** The first event received (or receivable within `timeoutMs`) that matches. */
  async next(match: (event: TappedEvent) => boolean, timeoutMs = 15_000): Promise<TappedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No matching event within ${timeoutMs} ms; received ${JSON.stringify(this.received)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
