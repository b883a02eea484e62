import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EVENTS_EXCHANGE, MessageHeaders } from '@tideline/contracts';
import amqp, { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { currentCorrelationId } from './request-context';

/**
 * Publishes domain events to the `tideline.events` topic exchange, routing key = event name.
 * Persistent, confirmed by the broker, in the packet shape Nest's RMQ transport reads as an event.
 * Each event has its own message id, which consumers use to stay idempotent.
 */
@Injectable()
export class EventPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(EventPublisher.name);
  private readonly connection: AmqpConnectionManager;
  private readonly channel: ChannelWrapper;

  constructor(url: string) {
    this.connection = amqp.connect([url], { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1 });
    this.channel = this.connection.createChannel({
      json: false,
      setup: (channel: ConfirmChannel) => channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true }),
    });
  }

  async publish(pattern: string, data: unknown): Promise<void> {
    await this.channel.publish(EVENTS_EXCHANGE, pattern, Buffer.from(JSON.stringify({ pattern, data })), {
      persistent: true,
      messageId: randomUUID(),
      contentType: 'application/json',
      headers: { [MessageHeaders.correlationId]: currentCorrelationId() ?? '' },
    });
    this.logger.log(`published ${pattern}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.channel.close();
    await this.connection.close();
  }
}
