import 'reflect-metadata';
import { ServiceEnv, bootstrapService } from '@tideline/server-kit';
import { AppModule, FORECAST_SCHEMA } from './app.module';

void bootstrapService(AppModule, 'forecast', ServiceEnv, FORECAST_SCHEMA);
