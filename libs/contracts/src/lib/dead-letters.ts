import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ServiceNames, eventsQueue, workQueue } from './services';

/** Every queue a service consumes: its requests, its events and its long work. Each has a `<queue>.dlq`. */
export const CONSUMED_QUEUES: readonly string[] = ServiceNames.flatMap((service) => [service, eventsQueue(service), workQueue(service)]);

/**
 * A message a service failed to handle DELIVERY_LIMIT times, parked in its queue's dead-letter
 * queue instead of being lost. `id` names it for a replay or a discard.
 */
export interface DeadLetterView {
  /** The queue it was consumed from (it sits in `<queue>.dlq`). */
  queue: string;
  id: string;
  pattern: string | null;
  /** How many times it was delivered before it was parked. */
  deliveries: number | null;
  reason: string | null;
  /** When it was parked (ISO time), as the broker recorded it. */
  deadAt: string | null;
  /** The message's data, as JSON text, cut at 2,000 characters. */
  payload: string;
}

/** `POST /api/admin/dead-letters/replay` or `…/discard`: one message (`id`) or all of a queue's. */
export class DeadLetterAction {
  @IsIn(CONSUMED_QUEUES, { message: `queue must be one of ${CONSUMED_QUEUES.join(', ')}` })
  queue!: string;

  @IsOptional() @IsString() @MaxLength(100) id?: string;
}

export interface DeadLetterActionResult {
  queue: string;
  /** Messages sent back to their queue, or dropped for good. */
  replayed: number;
  discarded: number;
}
