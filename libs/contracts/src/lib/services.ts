/** The bounded contexts behind the gateway. Each name is also its request queue. */
export const ServiceNames = ['auth', 'catalog', 'sales', 'forecast', 'planning'] as const;
export type ServiceName = (typeof ServiceNames)[number];

/**
 * Queues a service may consume besides its request queue: `<service>.events`, bound to the
 * events exchange for the events it wants, and `<service>.work` for long jobs, kept apart so that
 * requests never wait behind them. Every consumed queue has a dead-letter queue, `<queue>.dlq`.
 */
export const eventsQueue = (service: ServiceName) => `${service}.events`;
export const workQueue = (service: ServiceName) => `${service}.work`;
export const deadLetterQueue = (queue: string) => `${queue}.dlq`;

/** Topic exchange that carries every domain event; routing key = event pattern. */
export const EVENTS_EXCHANGE = 'tideline.events';

/** AMQP header names shared by the gateway and the services. */
export const MessageHeaders = {
  correlationId: 'x-correlation-id',
  /** Epoch milliseconds after which the caller no longer waits for the reply. */
  deadline: 'x-deadline',
  /** HMAC of the pattern, body and deadline with MESSAGE_SIGNING_KEY; a message without a valid one is refused. */
  signature: 'x-signature',
} as const;
