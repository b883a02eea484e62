import 'reflect-metadata';
import { ServiceEnv, bootstrapService } from '@tideline/server-kit';
import { AppModule, FORECAST_SCHEMA } from './app.module';

// Its events and work queue are in the contracts' SERVICE_QUEUES.
void bootstrapService(AppModule, 'forecast', ServiceEnv, FORECAST_SCHEMA);
