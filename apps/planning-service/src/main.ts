import 'reflect-metadata';
import { bootstrapService } from '@tideline/server-kit';
import { AppModule, PLANNING_SCHEMA } from './app.module';
import { PlanningEnv } from './planning.env';

// The events it consumes are in the contracts' SERVICE_QUEUES.
void bootstrapService(AppModule, 'planning', PlanningEnv, PLANNING_SCHEMA);
