import 'reflect-metadata';
import { CatalogEvents, ForecastWork, SalesEvents } from '@tideline/contracts';
import { ServiceEnv, bootstrapService } from '@tideline/server-kit';
import { AppModule, FORECAST_SCHEMA } from './app.module';

// Chunks are CPU-bound: an instance holds two (one computing, the next fetching its histories) and leaves the rest to the others.
void bootstrapService(AppModule, 'forecast', ServiceEnv, FORECAST_SCHEMA, {
  events: [SalesEvents.batchIngested, ...Object.values(CatalogEvents)],
  work: { prefetch: 2, patterns: Object.values(ForecastWork) },
});
