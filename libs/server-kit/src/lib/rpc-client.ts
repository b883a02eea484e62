import { ClientProxy, RmqRecord } from '@nestjs/microservices';
import {
  ErrorCodes,
  MessageHeaders,
  Page,
  PageQuery,
  QueueMessageContract,
  QueueMessagePattern,
  RemoteError,
  RpcPattern,
  RpcReply,
  RpcRequest,
  isRemoteError,
} from '@tideline/contracts';
import { randomUUID } from 'node:crypto';
import { TimeoutError, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { signatureHeader } from './message-signing';
import { currentCorrelationId, currentIdempotencyKey } from './request-context';

/** A RemoteError thrown on the caller's side. */
export class RemoteCallError extends Error {
  constructor(readonly remote: RemoteError) {
    super(remote.message);
  }
}

/**
 * Sends a request and waits at most `timeoutMs` for the reply. The pattern fixes the request
 * and reply types (see RpcContract); the correlation id and the caller's deadline travel as
 * headers. Every failure becomes a RemoteCallError: a silent service is SERVICE.UNAVAILABLE.
 */
export async function sendRpc<P extends RpcPattern>(
  client: ClientProxy,
  pattern: P,
  request: RpcRequest<P>,
  timeoutMs: number,
): Promise<RpcReply<P>> {
  const deadline = String(Date.now() + timeoutMs);
  const idempotencyKey = currentIdempotencyKey();
  const record = new RmqRecord(request, {
    // A client's retry with the same Idempotency-Key is the same message to the service (runOnce).
    ...(idempotencyKey ? { messageId: `${idempotencyKey}:${pattern}` } : {}),
    headers: {
      [MessageHeaders.correlationId]: currentCorrelationId() ?? '',
      [MessageHeaders.deadline]: deadline,
      ...signatureHeader(pattern, request, deadline),
    },
  });
  try {
    return await firstValueFrom(client.send<RpcReply<P>>(pattern, record).pipe(timeout(timeoutMs)));
  } catch (error) {
    throw new RemoteCallError(asRemoteError(error, pattern, timeoutMs));
  }
}

function asRemoteError(error: unknown, pattern: string, timeoutMs: number): RemoteError {
  if (isRemoteError(error)) return error;
  const service = pattern.split('.')[0];
  if (error instanceof TimeoutError) {
    // The request stays queued, so a service that is slow or comes back may still carry it out.
    return {
      code: ErrorCodes.serviceUnavailable,
      message: `The ${service} service did not answer within ${timeoutMs} ms. The request may still be carried out: retry with the same Idempotency-Key to have it done once and get its answer`,
      details: { service, mayComplete: true },
    };
  }
  const text = error instanceof Error ? error.message : String(error);
  if (/connect|ECONNREFUSED|closed|channel/i.test(text)) {
    return {
      code: ErrorCodes.serviceUnavailable,
      message: `The message broker is unavailable (${service} service)`,
      details: { service },
    };
  }
  return { code: ErrorCodes.internal, message: 'Internal error', details: { service } };
}

/**
 * Puts a message on a service's queue without waiting for a reply. Resolves once the broker has
 * confirmed it (persistent, so it survives a broker restart); rejects otherwise.
 */
export async function emitToQueue<P extends QueueMessagePattern>(
  client: ClientProxy,
  pattern: P,
  message: QueueMessageContract[P],
): Promise<void> {
  const record = new RmqRecord(message, {
    persistent: true,
    messageId: randomUUID(),
    headers: { [MessageHeaders.correlationId]: currentCorrelationId() ?? '', ...signatureHeader(pattern, message) },
  });
  await lastValueFrom(client.emit(pattern, record), { defaultValue: undefined });
}

/** Patterns whose request is a PageQuery and whose reply is a Page. */
type PagedPattern = { [P in RpcPattern]: RpcRequest<P> extends PageQuery ? (RpcReply<P> extends Page<unknown> ? P : never) : never }[RpcPattern];
type ItemOf<P extends RpcPattern> = RpcReply<P> extends Page<infer T> ? T : never;

/** Every item of a paged list, `pageSize` at a time (the last page is the one that is short or reaches the total). */
export async function fetchAllPages<P extends PagedPattern>(
  client: ClientProxy,
  pattern: P,
  query: Omit<RpcRequest<P>, 'page' | 'pageSize'>,
  { pageSize = 500, timeoutMs }: { pageSize?: number; timeoutMs: number },
): Promise<Array<ItemOf<P>>> {
  const items: Array<ItemOf<P>> = [];
  for (let page = 1; ; page++) {
    const reply = (await sendRpc(client, pattern, { ...query, page, pageSize } as RpcRequest<P>, timeoutMs)) as unknown as Page<ItemOf<P>>;
    items.push(...reply.items);
    if (reply.items.length < pageSize || page * pageSize >= reply.total) return items;
  }
}
