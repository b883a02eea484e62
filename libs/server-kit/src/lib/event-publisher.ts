import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EVENTS_EXCHANGE, MessageHeaders, ServiceName, fedQueues } from '@tideline/contracts';
import amqp, { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { signatureHeader } from './message-signing';
import { currentCorrelationId } from './request-context';
import { declareTopology } from './rmq-options';

/**
 * Publishes domain events to the `tideline.events` topic exchange, routing key = event name.
 * Persistent, confirmed by the broker, in the packet shape Nest's RMQ transport reads as an event.
 * Each event has its own message id, which consumers use to stay idempotent. Services publish
 * through their Outbox, which calls this after the change has committed.
 */
const PUBLISH_TIMEOUT_MS = 5000;

@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(EventPublisher.name);
  private readonly connection: AmqpConnectionManager;
  private readonly channel: ChannelWrapper;

  /** `service`: the publisher, which declares the queues its events feed. */
  constructor(url: string, service: ServiceName) {
    this.connection = amqp.connect([url], { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1 });
    this.channel = this.connection.createChannel({
      json: false,
      // Every queue this service's events feed exists before the first event goes out. The queues are
      // declared with the broker users (apps/broker-definitions) and by their consumers; until one
      // exists, the setup fails and is retried, and events wait in the outbox instead of being dropped.
      setup: async (channel: ConfirmChannel) => {
        await declareTopology(channel, service);
        for (const [queue] of fedQueues(service)) await this.untilQueueExists(queue);
      },
    });
    // A setup cut short by the broker going away is tried again on the next connection; unheard,
    // the error would end the process.
    this.channel.on('error', (error: Error) => this.logger.warn(`Declaring the topology failed, will retry on reconnect: ${error.message}`));
  }

  /** Resolves once `queue` exists, asking every second on a channel of its own (a missing queue closes the channel that asks). */
  private async untilQueueExists(queue: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const connection = this.connection.connection;
      if (!connection) throw new Error('The connection to the broker closed');
      const probe = await connection.createChannel();
      probe.on('error', () => undefined);
      try {
        await probe.checkQueue(queue);
        await probe.close().catch(() => undefined);
        return;
      } catch {
        if (attempt === 0) this.logger.warn(`Events wait until queue ${queue} exists (see apps/broker-definitions)`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  async publish(pattern: string, data: unknown, options: { messageId?: string; correlationId?: string | null } = {}): Promise<void> {
    await this.channel.publish(EVENTS_EXCHANGE, pattern, Buffer.from(JSON.stringify({ pattern, data })), {
      persistent: true,
      messageId: options.messageId ?? randomUUID(),
      contentType: 'application/json',
      headers: { [MessageHeaders.correlationId]: options.correlationId ?? currentCorrelationId() ?? '', ...signatureHeader(pattern, data) },
      timeout: PUBLISH_TIMEOUT_MS, // a broker that is away fails the publish instead of holding it
    });
    this.logger.log(`published ${pattern}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
    await this.connection.close();
  }
}
