import { Module } from '@nestjs/common';
import { SalesPatterns, SalesUploadsQuery } from '@tideline/contracts';
import {
  ServiceClientsModule,
  ServiceCoreModule,
  UploaderEnv,
  UploadIntake,
  uploadLedgerProvider,
  uploadsControllerFor,
} from '@tideline/server-kit';
import { SeriesController } from './facts/series.controller';
import { PlansController } from './plans/plans.controller';
import { SALES_MIGRATIONS, SALES_SCHEMA } from './migrations';
import { ChunkProcessor } from './uploads/chunk-processor.service';
import { UploadFinalizer } from './uploads/upload-finalizer.service';
import { SalesUploadSweeper } from './uploads/upload-sweeper';

@Module({
  imports: [
    ServiceCoreModule.forRoot({
      service: 'sales',
      schema: SALES_SCHEMA,
      env: UploaderEnv,
      entities: [],
      migrations: SALES_MIGRATIONS,
    }),
    // The catalog answers which stores and SKUs exist; the sales queue takes our own merge requests.
    ServiceClientsModule.register(['catalog', 'sales']),
  ],
  controllers: [uploadsControllerFor(SalesPatterns, SalesUploadsQuery), SeriesController, PlansController],
  providers: [
    ChunkProcessor,
    { provide: UploadIntake, useExisting: ChunkProcessor },
    UploadFinalizer,
    SalesUploadSweeper,
    uploadLedgerProvider(SALES_SCHEMA),
  ],
})
export class AppModule {}
