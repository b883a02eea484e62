import { CatalogEvents } from './catalog';
import { CONSUMED_QUEUES } from './dead-letters';
import { ForecastEvents, ForecastWork } from './forecast';
import { SalesEvents } from './sales';
import { EVENTS_EXCHANGE, ServiceName, ServiceNames, deadLetterQueue, eventsQueue, workQueue } from './services';

/** What a service consumes besides its request queue. */
export interface ServiceQueues {
  /** Event patterns (routing keys of the events exchange) delivered to `<service>.events`. */
  events?: readonly string[];
  /**
   * Consume `<service>.work`, holding at most `prefetch` long jobs at once. The jobs are published
   * through the outbox like events, with these patterns as routing keys.
   */
  work?: { prefetch: number; patterns: readonly string[] };
}

/**
 * Who consumes which events: the whole broker topology beyond the request queues. Every service,
 * and every publisher of events, declares all of it at start (queues, bindings, dead-letter
 * queues), so an event published before its consumer first started is kept, not dropped.
 */
export const SERVICE_QUEUES: Record<ServiceName, ServiceQueues> = {
  auth: {},
  catalog: {},
  sales: {},
  // Chunks are CPU-bound: an instance holds two (one computing, the next fetching its histories) and leaves the rest to the others.
  forecast: { events: [SalesEvents.batchIngested, ...Object.values(CatalogEvents)], work: { prefetch: 2, patterns: Object.values(ForecastWork) } },
  planning: { events: [ForecastEvents.runCompleted, SalesEvents.batchIngested] },
};

/** `service`'s queues bound to the events exchange, each with the routing keys it takes. */
export function boundQueues(service: ServiceName): Array<[queue: string, patterns: readonly string[]]> {
  const { events, work } = SERVICE_QUEUES[service];
  const bound: Array<[string, readonly string[]]> = [];
  if (events?.length) bound.push([eventsQueue(service), events]);
  if (work) bound.push([workQueue(service), work.patterns]);
  return bound;
}

/** The bound queues that take what `publisher` publishes (an event or job is named after the service that publishes it). */
export function fedQueues(publisher: ServiceName): Array<[queue: string, patterns: readonly string[]]> {
  return ServiceNames.flatMap(boundQueues).filter(([, patterns]) => patterns.some((p) => p.startsWith(`${publisher}.`)));
}

/** Who has a broker user of their own: every service, and the gateway. */
export type BrokerUser = ServiceName | 'gateway';
export const BrokerUsers: readonly BrokerUser[] = [...ServiceNames, 'gateway'];

/** What a broker user may do, as lists of queue and exchange names (see brokerGrant). */
export interface BrokerGrant {
  configure: string[];
  write: string[];
  read: string[];
}

/**
 * The least each broker user needs: a service declares, binds and consumes its own queues and
 * publishes its events, replies and requests to other services; the gateway publishes requests and
 * uploads, and reads the dead-letter queues for the admins. Callers do not declare the queues they
 * call (serviceClientOptions). The whole topology is declared beforehand, with the users, by whoever
 * creates them (apps/broker-definitions).
 * Replies and requests go through the default exchange (`amq.default`), where RabbitMQ cannot tell
 * one queue from another: that is why every message is also signed (message-signing.ts).
 */
export function brokerGrant(user: BrokerUser): BrokerGrant {
  if (user === 'gateway') {
    return { configure: [], write: ['amq.default'], read: CONSUMED_QUEUES.map(deadLetterQueue) };
  }
  const bound = boundQueues(user).map(([queue]) => queue);
  return {
    configure: [EVENTS_EXCHANGE, ...[user, ...bound].flatMap((queue) => [queue, deadLetterQueue(queue)])],
    write: ['amq.default', EVENTS_EXCHANGE, ...bound],
    read: [EVENTS_EXCHANGE, user, ...bound],
  };
}

/** A RabbitMQ permission pattern matching exactly these names (none: matches nothing). */
export const permissionPattern = (names: readonly string[]) =>
  names.length === 0 ? '^$' : `^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
