import { Module } from '@nestjs/common';
import {
  ServiceClientsModule,
  ServiceCoreModule,
  outboxMigration,
  processedMessagesMigration,
} from '@tideline/server-kit';
import { AccuracyTracker } from './accuracy/accuracy-tracker.service';
import { CatalogMirror } from './catalog/catalog-mirror';
import { ForecastController } from './forecast.controller';
import { ForecastSchema1764500000000 } from './migrations/1764500000000-forecast-schema';
import { ProductPrices1764600000000 } from './migrations/1764600000000-product-prices';
import { ProductCosts1765100000000 } from './migrations/1765100000000-product-costs';
import { OverrideKinds1765400000000 } from './migrations/1765400000000-override-kinds';
import { ForecastOverride1765500000000 } from './migrations/1765500000000-forecast-override';
import { ForecastEnv } from './forecast.env';
import { EventsService } from './events/events.service';
import { SeriesForecaster } from './runs/series-forecaster';
import { WhatIfService } from './what-if/what-if.service';
import { Events1766000000000 } from './migrations/1766000000000-events';
import { OverrideAppliesTo1766100000000 } from './migrations/1766100000000-override-applies-to';
import { Lifecycle1766200000000 } from './migrations/1766200000000-lifecycle';
import { LifecycleReader } from './runs/series-lifecycle';
import { OutliersService } from './outliers/outliers.service';
import { Outliers1766300000000 } from './migrations/1766300000000-outliers';
import { Rollups1766400000000 } from './migrations/1766400000000-rollups';
import { Rollups } from './series/rollups';
import { BaselineAndLift1765900000000 } from './migrations/1765900000000-baseline-and-lift';
import { AccuracyPromoted1765800000000 } from './migrations/1765800000000-accuracy-promoted';
import { OverridesService } from './overrides/overrides.service';
import { ChunkWorker } from './runs/chunk-worker.service';
import { RunPlanner } from './runs/run-planner.service';
import { SeriesQuery } from './series/series-query.service';

export const FORECAST_SCHEMA = 'forecast';

@Module({
  imports: [
    ServiceCoreModule.forRoot({
      service: 'forecast',
      schema: FORECAST_SCHEMA,
      env: ForecastEnv,
      entities: [],
      migrations: [
        processedMessagesMigration(FORECAST_SCHEMA, 1764000000000),
        outboxMigration(FORECAST_SCHEMA, 1764400000000),
        ForecastSchema1764500000000,
        ProductPrices1764600000000,
        ProductCosts1765100000000,
        OverrideKinds1765400000000,
        ForecastOverride1765500000000,
        AccuracyPromoted1765800000000,
        BaselineAndLift1765900000000,
        Events1766000000000,
        OverrideAppliesTo1766100000000,
        Lifecycle1766200000000,
        Outliers1766300000000,
        Rollups1766400000000,
      ],
    }),
    // Sales holds the histories and actuals; the catalog the attributes aggregates group by.
    ServiceClientsModule.register(['catalog', 'sales']),
  ],
  controllers: [ForecastController],
  providers: [CatalogMirror, RunPlanner, ChunkWorker, SeriesQuery, OverridesService, AccuracyTracker, EventsService, SeriesForecaster, LifecycleReader, OutliersService, WhatIfService, Rollups],
})
export class AppModule {}
