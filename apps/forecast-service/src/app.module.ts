import { Module } from '@nestjs/common';
import { ServiceCoreModule, ServiceEnv, processedMessagesMigration } from '@tideline/server-kit';

export const FORECAST_SCHEMA = 'forecast';

@Module({
  imports: [
    ServiceCoreModule.forRoot({
      service: 'forecast',
      schema: FORECAST_SCHEMA,
      env: ServiceEnv,
      entities: [],
      migrations: [processedMessagesMigration(FORECAST_SCHEMA, 1764000000000)],
    }),
  ],
})
export class AppModule {}
