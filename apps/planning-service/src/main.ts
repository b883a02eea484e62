import 'reflect-metadata';
import { ServiceEnv, bootstrapService } from '@tideline/server-kit';
import { AppModule, PLANNING_SCHEMA } from './app.module';

// The events it consumes are in the contracts' SERVICE_QUEUES.
void bootstrapService(AppModule, 'planning', ServiceEnv, PLANNING_SCHEMA);
