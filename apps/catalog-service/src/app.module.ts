import { Module } from '@nestjs/common';
import { ServiceCoreModule, ServiceEnv, processedMessagesMigration } from '@tideline/server-kit';

export const CATALOG_SCHEMA = 'catalog';

@Module({
  imports: [
    ServiceCoreModule.forRoot({
      service: 'catalog',
      schema: CATALOG_SCHEMA,
      env: ServiceEnv,
      entities: [],
      migrations: [processedMessagesMigration(CATALOG_SCHEMA, 1764000000000)],
    }),
  ],
})
export class AppModule {}
