import { Module } from '@nestjs/common';
import { ServiceCoreModule, ServiceEnv, processedMessagesMigration } from '@tideline/server-kit';

export const SALES_SCHEMA = 'sales';

@Module({
  imports: [
    ServiceCoreModule.forRoot({
      service: 'sales',
      schema: SALES_SCHEMA,
      env: ServiceEnv,
      entities: [],
      migrations: [processedMessagesMigration(SALES_SCHEMA, 1764000000000)],
    }),
  ],
})
export class AppModule {}
