import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface RequestContext {
  correlationId: string;
  /** The caller's Idempotency-Key, made unique per user, when the request carries one. */
  idempotencyKey?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with a correlation id that logs and outgoing messages pick up. */
export function runWithCorrelationId<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run({ correlationId: correlationId || randomUUID() }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Runs `fn` with an idempotency key that outgoing requests carry as their message id (see runOnce). */
export function runWithIdempotencyKey<T>(idempotencyKey: string, fn: () => T): T {
  return storage.run({ correlationId: currentCorrelationId() ?? randomUUID(), idempotencyKey }, fn);
}

export function currentIdempotencyKey(): string | undefined {
  return storage.getStore()?.idempotencyKey;
}
