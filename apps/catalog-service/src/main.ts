import 'reflect-metadata';
import { UploaderEnv, bootstrapService } from '@tideline/server-kit';
import { AppModule, CATALOG_SCHEMA } from './app.module';

void bootstrapService(AppModule, 'catalog', UploaderEnv, CATALOG_SCHEMA);
