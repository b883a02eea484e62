import { INestMicroservice, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ServiceName } from '@tideline/contracts';
import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { ConfigError, ServiceEnv, loadConfig } from './config';
import { AckInterceptor } from './ack.interceptor';
import { ensureDatabase } from './database';
import { JsonLogger } from './json-logger';
import { RemoteErrorFilter } from './rpc-exception.filter';
import { rpcValidationPipe } from './rpc-validation.pipe';
import { deadLetterQueue, deadLetterQueueOptions, serviceServerOptions } from './rmq-options';

/** Declares the dead-letter queue, which the request queue's arguments point to. */
async function declareDeadLetterQueue(url: string, queue: string): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(deadLetterQueue(queue), deadLetterQueueOptions);
  } finally {
    await connection.close();
  }
}

/**
 * The one way a service starts: configuration checked (a bad variable stops the process with
 * its name), database and schema created if missing, migrations run (by TypeORM on init),
 * messages acknowledged after their work, and SIGTERM/SIGINT drained before closing.
 */
export async function bootstrapService<E extends ServiceEnv>(
  module: Type<unknown>,
  service: ServiceName,
  envClass: new () => E,
  schema: string,
): Promise<INestMicroservice> {
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
  await ensureDatabase(env.DATABASE_URL, schema);
  await declareDeadLetterQueue(env.RABBITMQ_URL, service);

  const consumerTag = `${service}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const app = await NestFactory.createMicroservice(module, {
    ...serviceServerOptions(service, env, consumerTag),
    logger,
    bufferLogs: false,
  });
  const acks = new AckInterceptor();
  app.useGlobalInterceptors(acks);
  app.useGlobalPipes(rpcValidationPipe());
  app.useGlobalFilters(new RemoteErrorFilter());
  await app.listen();
  Logger.log(`${service}-service consuming queue "${service}"`, 'Bootstrap');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    Logger.log(`${signal}: draining messages in flight`, 'Bootstrap');
    await acks.drain(consumerTag, env.SHUTDOWN_GRACE_MS);
    await app.close();
    Logger.log('Stopped', 'Bootstrap');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return app;
}
