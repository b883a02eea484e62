import { RmqOptions, Transport } from '@nestjs/microservices';
import { EVENTS_EXCHANGE, ServiceName, boundQueues, deadLetterQueue } from '@tideline/contracts';
import type { Channel } from 'amqplib';

/**
 * A message that fails this many deliveries (nack-requeue or consumer crash) is dead-lettered
 * to `<queue>.dlq`. A constant, not a variable: every declarer of a queue must pass the same
 * arguments or RabbitMQ refuses the declaration.
 */
export const DELIVERY_LIMIT = 5;

export { deadLetterQueue, eventsQueue, workQueue } from '@tideline/contracts';

const RETRY_MAX_MS = 60_000;
let retryBaseMs = 1_000;

/** Sets the first retry's pause (RETRY_BASE_MS; tests shorten it to see dead-lettering quickly). */
export function useRetryBase(ms: number): void {
  retryBaseMs = ms;
}

/**
 * How long a failed event or work message waits before it goes back to its queue, by how often it
 * was delivered already: 1, 4, 16, then 60 s by default. The queue dead-letters a message once
 * delivered more than DELIVERY_LIMIT times, so its six tries span 3 min 21 s, longer than a database
 * failover (30-60 s) or a service's restart, instead of being spent in the same few seconds.
 */
export const retryDelayMs = (deliveries: number) => Math.min(retryBaseMs * 4 ** Math.max(0, deliveries), RETRY_MAX_MS);

/** True on a message's last delivery before the queue dead-letters it (quorum queues count them in `x-delivery-count`). */
export function isLastDelivery(headers: Record<string, unknown> | undefined): boolean {
  return Number(headers?.['x-delivery-count'] ?? 0) >= DELIVERY_LIMIT - 1;
}

/**
 * Durable quorum queues: they survive a broker restart, count redeliveries so that a poison
 * message stops after DELIVERY_LIMIT tries, and dead-letter it instead of dropping it.
 */
export function requestQueueOptions(queue: string) {
  return {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': DELIVERY_LIMIT,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': deadLetterQueue(queue),
    },
  };
}

export const deadLetterQueueOptions = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

/**
 * Socket options of every broker connection. amqplib leaves Nagle's algorithm on, and with the
 * peer's delayed ACK each small request or reply then waits about 40 ms before it is sent: a
 * trivial RPC took 44 ms instead of under 1 ms.
 */
export const BROKER_SOCKET_OPTIONS = { noDelay: true };

/** What the consumer and the callers of a queue must agree on. */
function sharedOptions(queue: string, url: string) {
  return {
    urls: [url],
    queue,
    queueOptions: requestQueueOptions(queue),
    persistent: true,
    socketOptions: { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1, connectionOptions: BROKER_SOCKET_OPTIONS },
  };
}

/** Options of the consumer side of a queue (a service's request queue by default). */
export function serviceServerOptions(
  queue: string,
  env: { RABBITMQ_URL: string; RMQ_PREFETCH: number },
  consumerTag: string,
  prefetchCount = env.RMQ_PREFETCH,
): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: {
      ...sharedOptions(queue, env.RABBITMQ_URL),
      // The transport's default is automatic acknowledgement, which loses a message whose
      // handler crashes. AckInterceptor acknowledges once the handler's work is committed.
      noAck: false,
      prefetchCount,
      isGlobalPrefetchCount: false,
      consumerTag,
    },
  };
}

/**
 * Options of a caller of a service's request queue (the gateway, or another service). It does not
 * declare the queue: its broker user may not (brokerGrant); the queue is declared with the broker
 * users (apps/broker-definitions) and by its consumer.
 */
export function serviceClientOptions(service: ServiceName, env: { RABBITMQ_URL: string }): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: { ...sharedOptions(service, env.RABBITMQ_URL), noAssert: true },
  };
}

/** What `service` consumes: its request, events and work queues, each with its dead-letter queue, and their bindings. */
export function topologyOf(service: ServiceName): { queues: Array<[name: string, options: QueueOptions]>; bindings: Array<[queue: string, pattern: string]> } {
  const consumed: Array<[string, readonly string[]]> = [[service, []], ...boundQueues(service)];
  return {
    queues: consumed.flatMap(([queue]): Array<[string, QueueOptions]> => [
      [deadLetterQueue(queue), deadLetterQueueOptions],
      [queue, requestQueueOptions(queue)],
    ]),
    bindings: consumed.flatMap(([queue, patterns]) => patterns.map((pattern): [string, string] => [queue, pattern])),
  };
}
type QueueOptions = { durable: boolean; arguments: Record<string, unknown> };

/**
 * Declares, from the contracts, the events exchange and what `service` consumes (topologyOf):
 * exactly what its broker user may declare (brokerGrant). The whole topology is declared
 * beforehand, with the broker users (apps/broker-definitions), and a publisher waits until every
 * queue its events feed exists (EventPublisher), so no event goes into the void. Idempotent;
 * bindings are additive (one a release no longer wants stays until removed).
 */
export async function declareTopology(channel: Channel, service: ServiceName): Promise<void> {
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  const { queues, bindings } = topologyOf(service);
  for (const [queue, options] of queues) await channel.assertQueue(queue, options);
  for (const [queue, pattern] of bindings) await channel.bindQueue(queue, EVENTS_EXCHANGE, pattern);
}
