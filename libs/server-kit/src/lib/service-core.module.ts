import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceName } from '@tideline/contracts';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ServiceEnv, loadConfig } from './config';
import { EventPublisher } from './event-publisher';
import { Housekeeping } from './housekeeping';
import { Outbox } from './outbox';
import { connectAndMigrate, serviceDataSourceOptions } from './database';
import { ProcessedMessage } from './processed-message.entity';
import { processedMessagesRequestHashMigration } from './base-migration';
import { ServiceHealth, healthControllerFor } from './service-health';

export interface ServiceCoreOptions<E extends ServiceEnv> {
  service: ServiceName;
  /** Postgres schema the service owns. */
  schema: string;
  env: new () => E;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/**
 * What every service needs: validated configuration (as the env class, injectable), its
 * TypeORM connection to its own schema with migrations run on start (one instance at a time), and its health pattern.
 */
@Module({})
export class ServiceCoreModule {
  static forRoot<E extends ServiceEnv>(options: ServiceCoreOptions<E>): DynamicModule {
    return {
      module: ServiceCoreModule,
      global: true,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: (env) => loadConfig(options.env, env) }),
        TypeOrmModule.forRootAsync({
          useFactory: () => {
            const env = loadConfig(options.env);
            return serviceDataSourceOptions({
              url: env.DATABASE_URL,
              schema: options.schema,
              entities: [ProcessedMessage, ...options.entities],
              // Every service keeps processed_messages (ProcessedMessage above), so it also gets the
              // later change to that table; TypeORM orders migrations by their timestamps.
              migrations: [...options.migrations, processedMessagesRequestHashMigration(options.schema, 1765700000000)],
            });
          },
          dataSourceFactory: (dataSourceOptions) => connectAndMigrate(dataSourceOptions as DataSourceOptions),
        }),
        TerminusModule,
      ],
      controllers: [healthControllerFor(options.service)],
      providers: [
        ServiceHealth,
        { provide: options.env, useFactory: () => loadConfig(options.env) },
        { provide: EventPublisher, useFactory: () => new EventPublisher(loadConfig(options.env).RABBITMQ_URL, options.service) },
        {
          provide: Housekeeping,
          useFactory: (dataSource: DataSource) => new Housekeeping(dataSource, options.schema, loadConfig(options.env).PROCESSED_MESSAGES_RETENTION_HOURS),
          inject: [DataSource],
        },
        {
          provide: Outbox,
          useFactory: (dataSource: DataSource, publisher: EventPublisher) => new Outbox(dataSource, publisher, options.schema),
          inject: [DataSource, EventPublisher],
        },
      ],
      exports: [options.env, EventPublisher, Outbox, Housekeeping],
    };
  }
}
