import 'reflect-metadata';
import { UploaderEnv, bootstrapService } from '@tideline/server-kit';
import { AppModule } from './app.module';
import { SALES_SCHEMA } from './migrations';

void bootstrapService(AppModule, 'sales', UploaderEnv, SALES_SCHEMA);
