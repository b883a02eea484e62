import 'reflect-metadata';
import { ServiceEnv, bootstrapService } from '@tideline/server-kit';
import { AppModule, SALES_SCHEMA } from './app.module';

void bootstrapService(AppModule, 'sales', ServiceEnv, SALES_SCHEMA);
