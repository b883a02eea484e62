import { Module } from '@nestjs/common';
import { ServiceCoreModule, ServiceEnv, processedMessagesMigration } from '@tideline/server-kit';

export const PLANNING_SCHEMA = 'planning';

@Module({
  imports: [
    ServiceCoreModule.forRoot({
      service: 'planning',
      schema: PLANNING_SCHEMA,
      env: ServiceEnv,
      entities: [],
      migrations: [processedMessagesMigration(PLANNING_SCHEMA, 1764000000000)],
    }),
  ],
})
export class AppModule {}
