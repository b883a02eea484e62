import { INestApplication, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EVENTS_EXCHANGE, ServiceName } from '@tideline/contracts';
import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { ConfigError, ServiceEnv, loadConfig } from './config';
import { AckInterceptor } from './ack.interceptor';
import { ensureDatabase } from './database';
import { surviveBrokerLoss } from './broker-loss';
import { ResilientRmqServer } from './resilient-rmq-server';
import { JsonLogger } from './json-logger';
import { useSigningKey } from './message-signing';
import { RemoteErrorFilter } from './rpc-exception.filter';
import { rpcValidationPipe } from './rpc-validation.pipe';
import {
  deadLetterQueue,
  deadLetterQueueOptions,
  eventsQueue,
  requestQueueOptions,
  serviceServerOptions,
  useRetryBase,
  workQueue,
} from './rmq-options';

/** What a service consumes besides its request queue. */
export interface ServiceQueues {
  /** Event patterns (routing keys of the events exchange) delivered to `<service>.events`. */
  events?: readonly string[];
  /**
   * Consume `<service>.work`, holding at most `prefetch` long jobs at once. The jobs are published
   * through the outbox like events, with these patterns as routing keys.
   */
  work?: { prefetch: number; patterns: readonly string[] };
}

/**
 * Declares the dead-letter queues the consumed queues' arguments point to, and the events queue
 * with its bindings (bindings are additive: one a release no longer wants stays until removed).
 */
async function declareQueues(url: string, service: ServiceName, queues: ServiceQueues): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(deadLetterQueue(service), deadLetterQueueOptions);
    const bound: Array<[string, readonly string[]]> = [];
    if (queues.events?.length) bound.push([eventsQueue(service), queues.events]);
    if (queues.work) bound.push([workQueue(service), queues.work.patterns]);
    if (bound.length) await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    for (const [queue, patterns] of bound) {
      await channel.assertQueue(deadLetterQueue(queue), deadLetterQueueOptions);
      await channel.assertQueue(queue, requestQueueOptions(queue));
      for (const pattern of patterns) await channel.bindQueue(queue, EVENTS_EXCHANGE, pattern);
    }
  } finally {
    await connection.close();
  }
}

/**
 * The one way a service starts: configuration checked (a bad variable stops the process with
 * its name), database and schema created if missing, migrations run (one instance at a time),
 * messages acknowledged after their work, and SIGTERM/SIGINT drained before closing.
 */
export async function bootstrapService<E extends ServiceEnv>(
  module: Type<unknown>,
  service: ServiceName,
  envClass: new () => E,
  schema: string,
  queues: ServiceQueues = {},
): Promise<INestApplication> {
  let env: E;
  try {
    env = loadConfig(envClass);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}-service: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = new JsonLogger(`${service}-service`, env.LOG_LEVEL);
  useSigningKey(env.MESSAGE_SIGNING_KEY);
  useRetryBase(env.RETRY_BASE_MS);
  surviveBrokerLoss();
  // Until the consumers all run, nothing has been acknowledged, so a stop while starting just exits
  // instead of dying by the signal: a migration cut short rolls back with its transaction, and a
  // message a consumer already holds goes back to its queue when the connection closes.
  const stopWhileStarting = () => {
    Logger.log('Stopped while starting', 'Bootstrap');
    process.exit(0);
  };
  process.once('SIGTERM', stopWhileStarting);
  process.once('SIGINT', stopWhileStarting);
  await ensureDatabase(env.DATABASE_URL, schema);
  await declareQueues(env.RABBITMQ_URL, service, queues);

  // One Nest application (no HTTP listener) with a RabbitMQ consumer per queue; every consumer
  // reaches the same handlers, through the same acknowledgement, validation and error mapping.
  const app = await NestFactory.create(module, { logger, bufferLogs: false });
  const acks = new AckInterceptor();
  app.useGlobalInterceptors(acks);
  app.useGlobalPipes(rpcValidationPipe());
  app.useGlobalFilters(new RemoteErrorFilter());
  const consumed: Array<{ queue: string; prefetch?: number }> = [{ queue: service }];
  if (queues.events?.length) consumed.push({ queue: eventsQueue(service) });
  if (queues.work) consumed.push({ queue: workQueue(service), prefetch: queues.work.prefetch });
  const consumerTags = consumed.map(({ queue, prefetch }) => {
    const consumerTag = `${queue}-${process.pid}-${randomUUID().slice(0, 8)}`;
    const { options } = serviceServerOptions(queue, env, consumerTag, prefetch);
    app.connectMicroservice({ strategy: new ResilientRmqServer(options ?? {}) }, { inheritAppConfig: true });
    return consumerTag;
  });
  // Lifecycle hooks (migrations, seeding) finish before the first message is taken.
  await app.init();
  await app.startAllMicroservices();
  Logger.log(`${service}-service consuming ${consumed.map((c) => `"${c.queue}"`).join(', ')}`, 'Bootstrap');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    Logger.log(`${signal}: draining messages in flight`, 'Bootstrap');
    await acks.drain(consumerTags, env.SHUTDOWN_GRACE_MS);
    await app.close();
    Logger.log('Stopped', 'Bootstrap');
    process.exit(0);
  };
  process.off('SIGTERM', stopWhileStarting);
  process.off('SIGINT', stopWhileStarting);
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return app;
}
