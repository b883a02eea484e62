import { Logger } from '@nestjs/common';
import { RmqOptions, ServerRMQ } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';

/** How long a consumer waits, after its channel closed or its setup failed, before forcing a new connection. */
export const CONSUMER_RECOVERY_MS = 1_000;

/**
 * Nest's RabbitMQ server, with a consumer that always comes back.
 *
 * The stock server re-runs its setup when the connection is re-established, but not when only
 * the channel goes: a setup that fails just after a broker restart (a quorum queue without its
 * leader yet, a queue declared with other arguments) or a consumer the broker cancels leaves the
 * process connected and consuming nothing, for good. Its setup also does not await `consume`, so
 * the same failure used to surface as an unhandled rejection that ended the process. Here each
 * step is awaited, and whenever the consuming channel closes, fails to set up or is cancelled
 * while the connection stays up, the connection is re-made, which sets the consumer up again.
 */
export class ResilientRmqServer extends ServerRMQ {
  private readonly log = new Logger('ResilientRmqServer');
  /** The raw channel of the last setup; a recovery is only needed if no later setup replaced it. */
  private consuming?: Channel;
  private closed = false;

  constructor(private readonly rmqOptions: NonNullable<RmqOptions['options']>) {
    super(rmqOptions);
  }

  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    this.consuming = channel;
    channel.once('close', () => this.recoverLater(channel, 'its channel closed'));
    try {
      await channel.assertQueue(this.queue, this.queueOptions);
      await channel.prefetch(this.rmqOptions.prefetchCount ?? 0, this.rmqOptions.isGlobalPrefetchCount ?? false);
      await channel.consume(this.queue, (message) => this.onDelivery(message, channel), {
        noAck: this.noAck,
        consumerTag: this.rmqOptions.consumerTag,
      });
      callback();
    } catch (error) {
      this.log.error(`Consuming "${this.queue}" failed to start: ${(error as Error).message}`);
      this.recoverLater(channel, 'its setup failed');
    }
  }

  override async close(): Promise<void> {
    this.closed = true;
    await super.close();
  }

  private onDelivery(message: ConsumeMessage | null, channel: Channel): void {
    // null: the broker cancelled the consumer (its queue was deleted or moved).
    if (message === null) return this.recoverLater(channel, 'the broker cancelled its consumer');
    this.handleMessage(message, channel).catch((error) => this.handleError(error));
  }

  /**
   * Re-makes the connection unless the service is closing, a newer setup has replaced `channel`
   * (the ordinary reconnect after a lost connection), or there is no connection to re-make yet.
   */
  private recoverLater(channel: Channel, reason: string): void {
    setTimeout(() => {
      if (this.closed || this.consuming !== channel || !this.server?.isConnected()) return;
      this.log.warn(`Re-connecting to consume "${this.queue}" again: ${reason}`);
      try {
        this.server.reconnect();
      } catch (error) {
        this.log.error(`Could not re-connect: ${(error as Error).message}`); // closed meanwhile
      }
    }, CONSUMER_RECOVERY_MS).unref();
  }
}
