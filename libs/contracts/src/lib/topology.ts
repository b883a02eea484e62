import { CatalogEvents } from './catalog';
import { ForecastEvents, ForecastWork } from './forecast';
import { SalesEvents } from './sales';
import { ServiceName } from './services';

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
