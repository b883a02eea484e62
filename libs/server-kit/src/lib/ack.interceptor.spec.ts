import { CallHandler, ExecutionContext } from '@nestjs/common';
import { RmqContext } from '@nestjs/microservices';
import { Observable, Subject, defaultIfEmpty, lastValueFrom, of, throwError } from 'rxjs';
import { AckInterceptor } from './ack.interceptor';
import { DomainError } from './domain-error';
import { signatureHeader, useSigningKey } from './message-signing';
import { retryDelayMs } from './rmq-options';

useSigningKey('a-test-key-of-at-least-thirty-two-characters');
const DATA = { thing: 1 };

function fakeMessage(options: { request?: boolean; deadline?: number; unsigned?: boolean } = {}) {
  const channel = { ack: jest.fn(), nack: jest.fn(), cancel: jest.fn().mockResolvedValue(undefined) };
  const deadline = options.deadline ? String(options.deadline) : undefined;
  const message = {
    properties: {
      replyTo: options.request ? 'amq.rabbitmq.reply-to' : undefined,
      headers: {
        ...(deadline ? { 'x-deadline': deadline } : {}),
        ...(options.unsigned ? {} : signatureHeader('test.thing.do', DATA, deadline)),
      },
    },
  };
  const rmq = new RmqContext([message as never, channel, 'test.thing.do']);
  const context = { getType: () => 'rpc', switchToRpc: () => ({ getContext: () => rmq, getData: () => DATA }) } as unknown as ExecutionContext;
  return { channel, message, context };
}

const handler = (result: Observable<unknown>): CallHandler => ({ handle: () => result });

describe('AckInterceptor', () => {
  const run = (interceptor: AckInterceptor, context: ExecutionContext, call: CallHandler) =>
    lastValueFrom(interceptor.intercept(context, call).pipe(defaultIfEmpty('nothing')));

  it('refuses an unsigned message without running its handler, and dead-letters it', async () => {
    const { channel, message, context } = fakeMessage({ request: true, unsigned: true });
    const work = jest.fn(() => of('done'));
    await expect(run(new AckInterceptor(), context, { handle: work })).rejects.toMatchObject({ code: 'MESSAGE.UNSIGNED' });
    expect(work).not.toHaveBeenCalled();
    expect(channel.nack).toHaveBeenCalledWith(message, false, false);
    expect(channel.ack).not.toHaveBeenCalled();
  });

  it('acknowledges once the handler has finished', async () => {
    const { channel, message, context } = fakeMessage({ request: true });
    await expect(run(new AckInterceptor(), context, handler(of('done')))).resolves.toBe('done');
    expect(channel.ack).toHaveBeenCalledWith(message);
    expect(channel.nack).not.toHaveBeenCalled();
  });

  it('acknowledges an expected refusal: retrying would refuse again', async () => {
    const { channel, context } = fakeMessage();
    const refusal = new DomainError('THING.REFUSED', 'no');
    await expect(run(new AckInterceptor(), context, handler(throwError(() => refusal)))).rejects.toBe(refusal);
    expect(channel.ack).toHaveBeenCalledTimes(1);
  });

  it('returns a failed event to the queue after a pause, and the queue counts the tries and dead-letters it', async () => {
    jest.useFakeTimers();
    try {
      const { channel, message, context } = fakeMessage();
      const outcome = run(new AckInterceptor(), context, handler(throwError(() => new Error('db down'))));
      const settled = expect(outcome).rejects.toThrow('db down');
      await jest.advanceTimersByTimeAsync(999);
      expect(channel.nack).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(1);
      await settled;
      expect(channel.nack).toHaveBeenCalledWith(message, false, true);
      expect(channel.ack).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('pauses longer each time a message comes back: 1, 4, 16, then 60 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(retryDelayMs)).toEqual([1000, 4000, 16000, 60000, 60000, 60000]);
  });

  it('answers a failed request with its error instead of retrying it', async () => {
    const { channel, context } = fakeMessage({ request: true });
    await expect(run(new AckInterceptor(), context, handler(throwError(() => new Error('bug'))))).rejects.toThrow('bug');
    expect(channel.ack).toHaveBeenCalledTimes(1);
    expect(channel.nack).not.toHaveBeenCalled();
  });

  it('drops a request whose caller stopped waiting, without running it', async () => {
    const { channel, context } = fakeMessage({ request: true, deadline: Date.now() - 1000 });
    const handle = jest.fn();
    await expect(run(new AckInterceptor(), context, { handle })).resolves.toBe('nothing');
    expect(handle).not.toHaveBeenCalled();
    expect(channel.ack).toHaveBeenCalledTimes(1);
  });

  it('on drain, waits for the message in flight and gives back what arrives after', async () => {
    const interceptor = new AckInterceptor();
    const inFlight = fakeMessage();
    const pending = new Subject<string>();
    const running = run(interceptor, inFlight.context, { handle: () => pending });
    let drained = false;
    const draining = interceptor.drain('consumer-1', 10_000).then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(inFlight.channel.cancel).toHaveBeenCalledWith('consumer-1');
    expect(drained).toBe(false);

    const late = fakeMessage();
    await run(interceptor, late.context, handler(of('never')));
    expect(late.channel.nack).toHaveBeenCalledWith(late.message, false, true);

    pending.next('finished');
    pending.complete();
    await expect(running).resolves.toBe('finished');
    await draining;
    expect(inFlight.channel.ack).toHaveBeenCalledTimes(1);
  });
});
