import { RmqContext } from '@nestjs/microservices';
import { ErrorCodes } from '@tideline/contracts';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConsumeMessage } from 'amqplib';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from './domain-error';
import { bodyDigest } from './message-signing';
import { ProcessedMessage } from './processed-message.entity';

export const DUPLICATE_MESSAGE = 'MESSAGE.DUPLICATE';

/** The id a redelivery of this message keeps: the publisher's message id, else the request's correlation id. */
export function messageIdOf(context: RmqContext): string {
  const { properties } = context.getMessage() as ConsumeMessage;
  const id = properties.messageId ?? properties.correlationId;
  if (!id) throw new Error(`Message ${context.getPattern()} has neither a messageId nor a correlationId`);
  return String(id);
}

/** The transaction runOnce holds, which the work it runs joins (see inTransaction). */
const ambient = new AsyncLocalStorage<EntityManager>();

/**
 * Runs `work` in a transaction: the one runOnce opened around it when there is one (so the work's
 * effect and the message's id commit together), else a new one.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const current = ambient.getStore();
  return current ? work(current) : dataSource.transaction(work);
}

/** What to read with: the open transaction of inTransaction/runOnce (which sees its own writes), else the data source's manager. */
export function currentManager(dataSource: DataSource): EntityManager {
  return ambient.getStore() ?? dataSource.manager;
}

/**
 * Runs `work` at most once per message: its effect and the message's id commit together, so a
 * redelivered message (a consumer killed after commit but before ack) changes nothing twice.
 * A duplicate answers with the stored reply when `storeReply` allowed keeping it, otherwise with
 * a MESSAGE.DUPLICATE error (used where the reply carries secrets such as tokens).
 *
 * The gateway turns a client's Idempotency-Key into the message id, so a client's retry is a
 * duplicate too. With `request`, a duplicate whose request differs from the first one's is refused
 * with IDEMPOTENCY.KEY_REUSED instead of answered. The work joins this transaction through
 * inTransaction and reads its own writes through currentManager.
 */
export async function runOnce<T>(
  dataSource: DataSource,
  context: RmqContext,
  work: (manager: EntityManager) => Promise<T>,
  options: { storeReply?: boolean; request?: unknown } = {},
): Promise<T> {
  const { storeReply = true, request } = options;
  const messageId = messageIdOf(context);
  const hash = request === undefined ? null : bodyDigest(request);
  return dataSource.transaction(async (manager) => {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(ProcessedMessage)
      .values({ messageId, pattern: context.getPattern(), requestHash: hash })
      .orIgnore()
      .returning(['messageId'])
      .execute();
    if (inserted.raw.length === 0) {
      const previous = await manager.findOneByOrFail(ProcessedMessage, { messageId });
      if (hash !== null && previous.requestHash !== null && previous.requestHash !== hash) {
        throw new DomainError(ErrorCodes.idempotencyKeyReused, 'This Idempotency-Key was used with a different request; use a new key for a new request');
      }
      if (previous.reply !== null) return previous.reply as T;
      throw new DomainError(DUPLICATE_MESSAGE, 'This message was already processed', { messageId });
    }
    const reply = await ambient.run(manager, () => work(manager));
    if (storeReply) await manager.update(ProcessedMessage, { messageId }, { reply: reply as object });
    return reply;
  });
}
