import { RmqContext } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from './domain-error';
import { ProcessedMessage } from './processed-message.entity';

export const DUPLICATE_MESSAGE = 'MESSAGE.DUPLICATE';

/** The id a redelivery of this message keeps: the publisher's message id, else the request's correlation id. */
export function messageIdOf(context: RmqContext): string {
  const { properties } = context.getMessage() as ConsumeMessage;
  const id = properties.messageId ?? properties.correlationId;
  if (!id) throw new Error(`Message ${context.getPattern()} has neither a messageId nor a correlationId`);
  return String(id);
}

/**
 * Runs `work` at most once per message: its effect and the message's id commit together, so a
 * redelivered message (a consumer killed after commit but before ack) changes nothing twice.
 * A duplicate answers with the stored reply when `storeReply` allowed keeping it, otherwise with
 * a MESSAGE.DUPLICATE error (used where the reply carries secrets such as tokens).
 */
export async function runOnce<T>(
  dataSource: DataSource,
  context: RmqContext,
  work: (manager: EntityManager) => Promise<T>,
  options: { storeReply: boolean } = { storeReply: true },
): Promise<T> {
  const messageId = messageIdOf(context);
  return dataSource.transaction(async (manager) => {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(ProcessedMessage)
      .values({ messageId, pattern: context.getPattern() })
      .orIgnore()
      .returning(['messageId'])
      .execute();
    if (inserted.raw.length === 0) {
      const previous = await manager.findOneByOrFail(ProcessedMessage, { messageId });
      if (previous.reply !== null) return previous.reply as T;
      throw new DomainError(DUPLICATE_MESSAGE, 'This message was already processed', { messageId });
    }
    const reply = await work(manager);
    if (options.storeReply) await manager.update(ProcessedMessage, { messageId }, { reply: reply as object });
    return reply;
  });
}
