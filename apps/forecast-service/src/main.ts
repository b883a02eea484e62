import 'reflect-metadata';
import { bootstrapService } from '@tideline/server-kit';
import { ForecastEnv } from './forecast.env';
import { AppModule, FORECAST_SCHEMA } from './app.module';

// Its events and work queue are in the contracts' SERVICE_QUEUES.
void bootstrapService(AppModule, 'forecast', ForecastEnv, FORECAST_SCHEMA);
