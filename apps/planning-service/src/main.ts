import 'reflect-metadata';
import { ForecastEvents, SalesEvents } from '@tideline/contracts';
import { ServiceEnv, bootstrapService } from '@tideline/server-kit';
import { AppModule, PLANNING_SCHEMA } from './app.module';

void bootstrapService(AppModule, 'planning', ServiceEnv, PLANNING_SCHEMA, { events: [ForecastEvents.runCompleted, SalesEvents.batchIngested] });
