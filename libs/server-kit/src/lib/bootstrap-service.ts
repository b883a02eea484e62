import { INestApplication, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SERVICE_QUEUES, ServiceName } from '@tideline/contracts';
import { withBrokerConnection } from './broker-connection';
import { randomUUID } from 'node:crypto';
import { ConfigError, ServiceEnv, loadConfig } from './config';
import { AckInterceptor } from './ack.interceptor';
import { ensureDatabase } from './database';
import { surviveBrokerLoss } from './broker-loss';
import { ResilientRmqServer } from './resilient-rmq-server';
import { JsonLogger } from './json-logger';
import { listenForProbes } from './health-listener';
import { useSigningKey } from './message-signing';
import { RemoteErrorFilter } from './rpc-exception.filter';
import { rpcValidationPipe } from './rpc-validation.pipe';
import { declareTopology, eventsQueue, serviceServerOptions, useRetryBase, workQueue } from './rmq-options';

/** Declares the service's part of the topology (see declareTopology) on a connection of its own. */
const declareQueues = (url: string, service: ServiceName): Promise<void> => withBrokerConnection(url, (channel) => declareTopology(channel, service));

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
): Promise<INestApplication> {
  const queues = SERVICE_QUEUES[service];
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
  await declareQueues(env.RABBITMQ_URL, service);

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
  const probes = listenForProbes(app, service, env.HEALTH_PORT);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    Logger.log(`${signal}: draining messages in flight`, 'Bootstrap');
    probes?.close();
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
