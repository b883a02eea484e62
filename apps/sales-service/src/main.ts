import 'reflect-metadata';
import { UploaderEnv, bootstrapService } from '@tideline/server-kit';
import { AppModule, SALES_SCHEMA } from './app.module';

void bootstrapService(AppModule, 'sales', UploaderEnv, SALES_SCHEMA);
