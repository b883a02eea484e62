// Calls a service's message handler straight over RabbitMQ, as the gateway does but without HTTP:
// the baselines that bench/load and bench/forecast-reads measure the gateway against.
'use strict';
const { createHash, createHmac, randomUUID } = require('node:crypto');
const { connect } = require('amqplib');

/** The gateway's message signature (libs/server-kit/src/lib/message-signing.ts), which services require. */
function signature(key, pattern, body, deadline) {
  const digest = createHash('sha256').update(JSON.stringify(body ?? null)).digest('base64');
  return createHmac('sha256', key).update(`${pattern}\n${deadline}\n${digest}`).digest('base64');
}

/**
 * A connection with one reply queue; `call(queue, pattern, data)` resolves with the handler's
 * answer time in ms and whether it answered without an error. Close it with `close()`.
 */
async function brokerCaller(url, signingKey) {
  // No Nagle delay, as the services' own connections (libs/server-kit rmq-options BROKER_SOCKET_OPTIONS).
  const connection = await connect(url, { noDelay: true });
  const channel = await connection.createChannel();
  const { queue: replyTo } = await channel.assertQueue('', { exclusive: true });
  const waiting = new Map();
  await channel.consume(replyTo, (msg) => {
    const body = JSON.parse(msg.content.toString());
    if (body.isDisposed && body.response === undefined && body.err === undefined) return;
    waiting.get(msg.properties.correlationId)?.(body);
  }, { noAck: true });
  const call = (queue, pattern, data) =>
    new Promise((resolve) => {
      const id = randomUUID();
      const started = performance.now();
      waiting.set(id, (body) => {
        waiting.delete(id);
        resolve({ ms: performance.now() - started, ok: body.err === undefined });
      });
      const deadline = String(Date.now() + 30_000);
      channel.sendToQueue(queue, Buffer.from(JSON.stringify({ pattern, data, id })), {
        replyTo,
        correlationId: id,
        headers: { 'x-deadline': deadline, 'x-correlation-id': `bench-${id}`, 'x-signature': signature(signingKey, pattern, data, deadline) },
      });
    });
  return { call, close: () => connection.close() };
}

module.exports = { brokerCaller };
