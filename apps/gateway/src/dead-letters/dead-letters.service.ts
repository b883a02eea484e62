import { Injectable, NotFoundException, OnModuleDestroy } from '@nestjs/common';
import { CONSUMED_QUEUES, DeadLetterActionResult, DeadLetterView } from '@tideline/contracts';
import { BROKER_SOCKET_OPTIONS, deadLetterQueue } from '@tideline/server-kit';
import { ChannelModel, ConfirmChannel, connect, GetMessage } from 'amqplib';
import { createHash } from 'node:crypto';
import { GatewayEnv } from '../gateway.env';

/** At most this many dead letters are read from one queue per request. */
const MAX_PER_QUEUE = 500;
const PAYLOAD_CHARS = 2_000;

type Death = { count?: number; reason?: string; time?: { value?: number } | Date | number };

/**
 * The dead-letter queues, for an admin: list what is parked there, send messages back to the
 * queue they came from, or drop them. Messages are taken with basic.get and not acknowledged;
 * closing the channel returns every one that was not replayed or discarded, so nothing is lost
 * if this process dies half-way.
 */
@Injectable()
export class DeadLetters implements OnModuleDestroy {
  private connection: Promise<ChannelModel> | null = null;

  constructor(private readonly env: GatewayEnv) {}

  async list(): Promise<DeadLetterView[]> {
    const views: DeadLetterView[] = [];
    for (const queue of CONSUMED_QUEUES) {
      await this.withQueue(queue, async (channel, messages) => {
        views.push(...messages.map((message) => toView(queue, message)));
        await channel.close();
      });
    }
    return views;
  }

  /** Replays (`replay`) or drops (`discard`) the message `id` of `queue`, or all of them. */
  async act(action: 'replay' | 'discard', queue: string, id?: string): Promise<DeadLetterActionResult> {
    const result: DeadLetterActionResult = { queue, replayed: 0, discarded: 0 };
    const found = await this.withQueue(queue, async (channel, messages) => {
      const taken: GetMessage[] = [];
      for (const message of messages) {
        if (id && messageId(message) !== id) continue;
        taken.push(message);
        if (action === 'replay') {
          // Published back with its properties but a fresh delivery count, then taken off the dead-letter queue.
          const headers = { ...(message.properties.headers ?? {}) };
          delete headers['x-death'];
          delete headers['x-delivery-count'];
          delete headers['x-first-death-exchange'];
          delete headers['x-first-death-queue'];
          delete headers['x-first-death-reason'];
          channel.sendToQueue(queue, message.content, { ...message.properties, headers, persistent: true });
          result.replayed++;
        } else {
          result.discarded++;
        }
      }
      // Taken off the dead-letter queue only once the broker holds every copy sent back: a broker
      // that fails here leaves them all parked (a replay may then send some twice, never none).
      await channel.waitForConfirms();
      for (const message of taken) channel.ack(message);
      await channel.close();
    });
    if (!found) throw new NotFoundException(`There is no dead-letter queue for ${queue}`);
    if (id && result.replayed + result.discarded === 0) throw new NotFoundException(`No dead letter ${id} in ${queue}`);
    return result;
  }

  async onModuleDestroy(): Promise<void> {
    const connection = await this.connection?.catch(() => null);
    await connection?.close().catch(() => undefined);
  }

  /** Runs `work` with the parked messages of `queue` taken (unacknowledged) on a channel of their own; false when the queue does not exist. */
  private async withQueue(queue: string, work: (channel: ConfirmChannel, messages: GetMessage[]) => Promise<void>): Promise<boolean> {
    const channel = await (await this.connect()).createConfirmChannel();
    channel.on('error', () => undefined); // a missing queue closes the channel: that is an answer, not a failure
    try {
      await channel.checkQueue(deadLetterQueue(queue));
    } catch {
      return false;
    }
    const messages: GetMessage[] = [];
    for (let i = 0; i < MAX_PER_QUEUE; i++) {
      const message = await channel.get(deadLetterQueue(queue), { noAck: false });
      if (!message) break;
      messages.push(message);
    }
    await work(channel, messages);
    return true;
  }

  private connect(): Promise<ChannelModel> {
    if (!this.connection) {
      this.connection = connect(this.env.RABBITMQ_URL, BROKER_SOCKET_OPTIONS).then((connection) => {
        // A broker restart ends this connection; the next request opens another.
        const forget = () => (this.connection = null);
        connection.on('close', forget);
        connection.on('error', forget);
        return connection;
      });
      this.connection.catch(() => (this.connection = null));
    }
    return this.connection;
  }
}

/** Fields whose values an admin reading dead letters must not see: a login's password, a refresh token. */
const SECRET_FIELD = /password|token|secret/i;

function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_FIELD.test(key) ? '[redacted]' : redacted(inner)]));
}

/** Dead letters have no id of their own: the message id when the sender set one, else a hash of the content. */
function messageId(message: GetMessage): string {
  return message.properties.messageId ?? createHash('sha256').update(message.content).digest('hex').slice(0, 16);
}

function toView(queue: string, message: GetMessage): DeadLetterView {
  const text = message.content.toString('utf8');
  let pattern: string | null = null;
  let payload = text;
  try {
    const body = JSON.parse(text) as { pattern?: unknown; data?: unknown };
    pattern = typeof body.pattern === 'string' ? body.pattern : JSON.stringify(body.pattern ?? null);
    payload = JSON.stringify(redacted(body.data ?? body));
  } catch {
    // Not JSON: shown as it is.
  }
  const deaths = (message.properties.headers?.['x-death'] as Death[] | undefined) ?? [];
  const time = deaths[0]?.time;
  const deadAt = time instanceof Date ? time : typeof time === 'number' ? new Date(time * 1000) : time?.value ? new Date(time.value * 1000) : null;
  return {
    queue,
    id: messageId(message),
    pattern,
    deliveries: Number(message.properties.headers?.['x-delivery-count'] ?? deaths[0]?.count ?? 0) || null,
    reason: deaths[0]?.reason ?? (message.properties.headers?.['x-first-death-reason'] as string | undefined) ?? null,
    deadAt: deadAt ? deadAt.toISOString() : null,
    payload: payload.slice(0, PAYLOAD_CHARS),
  };
}
