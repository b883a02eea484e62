import { randomUUID } from 'node:crypto';
import { signatureHeader, useSigningKey } from '@tideline/server-kit';
import { ChannelModel, connect } from 'amqplib';

/**
 * Publishes a request to a service queue exactly as the gateway's transport does, but with a
 * message id the test chooses (to send the same message twice) and a reply queue that outlives
 * the service's restarts. Signed as the gateway signs, with the system's MESSAGE_SIGNING_KEY, unless `signature` says otherwise: `none` sends no
 * signature, an object sends the signature of that other body (a message altered after signing).
 */
export class RawRpc {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly replies: Map<string, (reply: { err?: unknown; response?: unknown }) => void>,
    private readonly replyQueue: string,
  ) {}

  static async open(url: string, signingKey: string): Promise<RawRpc> {
    useSigningKey(signingKey);
    const connection = await connect(url);
    connection.on('error', () => undefined); // a broker restart in a test closes it; that is expected
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    const replies = new Map<string, (reply: { err?: unknown; response?: unknown }) => void>();
    await channel.consume(
      queue,
      (msg) => {
        if (!msg) return;
        const body = JSON.parse(msg.content.toString());
        if (body.isDisposed && body.response === undefined && body.err === undefined) return;
        replies.get(msg.properties.correlationId)?.(body);
      },
      { noAck: true },
    );
    return new RawRpc(connection, replies, queue);
  }

  /** Resolves with the first reply to `id`, however many restarts it takes (within a minute). */
  send(
    queue: string,
    pattern: string,
    data: unknown,
    id: string = randomUUID(),
    signature: 'valid' | 'none' | { of: unknown } = 'valid',
  ): { id: string; reply: Promise<{ err?: unknown; response?: unknown }> } {
    const reply = new Promise<{ err?: unknown; response?: unknown }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No reply to ${pattern} ${id} within 60 s`)), 60_000);
      this.replies.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
    const deadline = String(Date.now() + 120_000);
    const signed = signature === 'none' ? {} : signatureHeader(pattern, signature === 'valid' ? data : signature.of, deadline);
    void this.connection.createChannel().then(async (channel) => {
      channel.sendToQueue(queue, Buffer.from(JSON.stringify({ pattern, data, id })), {
        replyTo: this.replyQueue,
        correlationId: id,
        messageId: id,
        persistent: true,
        headers: { 'x-deadline': deadline, 'x-correlation-id': `raw-${id}`, ...signed },
      });
      await channel.close();
    });
    return { id, reply };
  }

  close(): Promise<void> {
    return this.connection.close().catch(() => undefined);
  }
}
