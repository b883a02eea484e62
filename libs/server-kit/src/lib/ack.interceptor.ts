import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { RmqContext } from '@nestjs/microservices';
import { ErrorCodes, MessageHeaders } from '@tideline/contracts';
import type { Channel, ConsumeMessage } from 'amqplib';
import { EMPTY, Observable, defer, from, lastValueFrom, throwError } from 'rxjs';
import { DomainError } from './domain-error';
import { signatureProblem } from './message-signing';
import { retryDelayMs } from './rmq-options';
import { runWithCorrelationId } from './request-context';

/**
 * Acknowledges each message only after its handler has finished (and so committed), tracks
 * the messages in flight so that shutdown can wait for them, and drops requests whose caller
 * has stopped waiting.
 *
 * - success: ack.
 * - DomainError (an expected refusal): ack; the error is the reply, a retry would fail the same way.
 * - any other error on a request: ack and reply with the error; the caller decides to retry.
 * - any other error on an event: nack with requeue, after a pause that grows with each delivery
 *   (retryDelayMs). The quorum queue counts the deliveries and dead-letters the message after
 *   DELIVERY_LIMIT, so a poison event is bounded, never lost, and a short outage does not use up
 *   its tries.
 */
@Injectable()
export class AckInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AckInterceptor.name);
  private inFlight = 0;
  private draining = false;
  private idleWaiters: Array<() => void> = [];
  /** Messages pausing before their retry, released at once by drain(). */
  private drainWaiters: Array<() => void> = [];
  /** Every channel a message came in on: a service consuming several queues has one per queue. */
  private readonly channels = new Set<Channel>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rmq = context.switchToRpc().getContext<RmqContext>();
    const message = rmq.getMessage() as ConsumeMessage;
    const channel = rmq.getChannelRef() as Channel;
    this.channels.add(channel);
    const headers = message.properties.headers ?? {};
    const isRequest = Boolean(message.properties.replyTo);

    if (this.draining) {
      // Arrived between the shutdown signal and the consumer's cancellation: give it back.
      channel.nack(message, false, true);
      return EMPTY;
    }
    const refusal = signatureProblem(rmq.getPattern(), context.switchToRpc().getData(), headers);
    if (refusal) {
      // Not from the gateway or a service: changes nothing, kept in the dead-letter queue for a look.
      this.logger.warn(`Refused ${rmq.getPattern()} and dead-lettered it: ${refusal}`);
      channel.nack(message, false, false);
      return throwError(() => new DomainError(ErrorCodes.unsigned, `Message refused: ${refusal}`));
    }
    const deadline = Number(headers[MessageHeaders.deadline]);
    if (isRequest && Number.isFinite(deadline) && deadline < Date.now()) {
      this.logger.warn(`Dropped ${rmq.getPattern()}: its caller stopped waiting ${Date.now() - deadline} ms ago`);
      channel.ack(message);
      return EMPTY;
    }

    this.inFlight++;
    const started = Date.now();
    const pattern = rmq.getPattern();
    const work = () =>
      lastValueFrom(next.handle(), { defaultValue: undefined }).then(
        (reply) => {
          channel.ack(message);
          this.logger.log(`${pattern} handled in ${Date.now() - started} ms`);
          return reply;
        },
        (error: unknown) => {
          this.logger.log(`${pattern} failed in ${Date.now() - started} ms: ${(error as Error)?.message ?? error}`);
          if (isRequest || error instanceof DomainError) {
            if (!(error instanceof DomainError)) this.logger.error(error);
            channel.ack(message);
            throw error;
          }
          this.logger.error(error);
          return this.pause(retryDelayMs(Number(headers['x-delivery-count'] ?? 0))).then(() => {
            channel.nack(message, false, true);
            throw error;
          });
        },
      );
    return defer(() =>
      from(
        runWithCorrelationId(headers[MessageHeaders.correlationId] as string | undefined, work).finally(() =>
          this.settled(),
        ),
      ),
    );
  }

  /** Stops new deliveries and resolves once every message in flight is settled, or after `graceMs`. */
  async drain(consumerTags: string | string[], graceMs: number): Promise<void> {
    this.draining = true;
    this.drainWaiters.splice(0).forEach((release) => release());
    // A tag is cancelled on each channel; on a channel that does not hold it, the broker refuses.
    for (const tag of ([] as string[]).concat(consumerTags)) {
      for (const channel of this.channels) await channel.cancel(tag).catch(() => undefined);
    }
    if (this.inFlight === 0) return;
    this.logger.log(`Waiting for ${this.inFlight} message(s) in flight`);
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
    ]);
    // The transport publishes a reply on the tick after the handler settles; let it go out
    // before the channel closes.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  /** Waits `ms`, or less when shutdown starts: a message held back must not hold the shutdown too. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.draining ? 0 : ms);
      this.drainWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private settled() {
    this.inFlight--;
    if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }
}
