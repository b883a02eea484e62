import 'reflect-metadata';
import { ServiceEnv, bootstrapService } from '@tideline/server-kit';
import { AppModule, CATALOG_SCHEMA } from './app.module';

void bootstrapService(AppModule, 'catalog', ServiceEnv, CATALOG_SCHEMA);
