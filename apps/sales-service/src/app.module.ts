import { Module } from '@nestjs/common';
import { SalesPatterns, SalesUploadsQuery } from '@tideline/contracts';
import {
  ServiceClientsModule,
  ServiceCoreModule,
  UploaderEnv,
  UploadIntake,
  uploadLedgerProvider,
  outboxMigration,
  ignoredColumnsMigration,
  processedMessagesMigration,
  uploadsControllerFor,
} from '@tideline/server-kit';
import { SeriesController } from './facts/series.controller';
import { PlansController } from './plans/plans.controller';
import { UploadsAndFacts1764100000000 } from './migrations/1764100000000-uploads-and-facts';
import { PerUploadStaging1764300000000 } from './migrations/1764300000000-per-upload-staging';
import { DriversAndPlans1765900000000 } from './migrations/1765900000000-drivers-and-plans';
import { Stock1766100000000 } from './migrations/1766100000000-stock';
import { WeekTotals1766400000000 } from './migrations/1766400000000-week-totals';
import { ChunkProcessor } from './uploads/chunk-processor.service';
import { UploadFinalizer } from './uploads/upload-finalizer.service';
import { SalesUploadSweeper } from './uploads/upload-sweeper';

export const SALES_SCHEMA = 'sales';

@Module({
  imports: [
    ServiceCoreModule.forRoot({
      service: 'sales',
      schema: SALES_SCHEMA,
      env: UploaderEnv,
      entities: [],
      migrations: [processedMessagesMigration(SALES_SCHEMA, 1764000000000), UploadsAndFacts1764100000000, PerUploadStaging1764300000000, outboxMigration(SALES_SCHEMA, 1764400000000), DriversAndPlans1765900000000, ignoredColumnsMigration(SALES_SCHEMA, 1766000000000), Stock1766100000000, WeekTotals1766400000000],
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
