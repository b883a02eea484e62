import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EVENTS_EXCHANGE, MessageHeaders } from '@tideline/contracts';
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

  constructor(url: string) {
    this.connection = amqp.connect([url], { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1 });
    this.channel = this.connection.createChannel({
      json: false,
      // Every consumer's queue and binding exist before the first event goes out.
      setup: (channel: ConfirmChannel) => declareTopology(channel),
    });
    // A setup cut short by the broker going away is tried again on the next connection; unheard,
    // the error would end the process.
    this.channel.on('error', (error: Error) => this.logger.warn(`Declaring the topology failed, will retry on reconnect: ${error.message}`));
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
