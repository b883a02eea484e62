import 'reflect-metadata';
import { bootstrapService } from '@tideline/server-kit';
import { AppModule, AUTH_SCHEMA } from './app.module';
import { AuthEnv } from './auth.env';

void bootstrapService(AppModule, 'auth', AuthEnv, AUTH_SCHEMA);
