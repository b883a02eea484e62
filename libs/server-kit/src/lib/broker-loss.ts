import { Logger } from '@nestjs/common';

/** What amqplib rejects a publish or a call with when the connection or channel goes while it waits for the broker's answer. */
const BROKER_LOSS = /^(channel closed|channel ended|connection closed|message nacked)/i;

export const isBrokerLoss = (reason: unknown) => reason instanceof Error && BROKER_LOSS.test(reason.message);

/**
 * Keeps the process up when the broker goes away under a publish that nobody awaits: the Nest
 * RabbitMQ server sends replies without awaiting their confirm, so a broker restart during a
 * reply used to end the service with an unhandled rejection. The reply is lost (its caller times
 * out and gets 503); the connection is re-established by the transport. Any other unhandled
 * rejection still ends the process, as Node does by default.
 */
export function surviveBrokerLoss(logger = new Logger('Broker')): void {
  process.on('unhandledRejection', (reason) => {
    if (!isBrokerLoss(reason)) throw reason;
    logger.warn(`A publish was lost with the broker connection: ${(reason as Error).message}`);
  });
}
