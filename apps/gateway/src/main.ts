import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigError, JsonLogger, loadConfig, surviveBrokerLoss, useSigningKey } from '@tideline/server-kit';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { GatewayEnv } from './gateway.env';
import { completeOpenApi } from './http/openapi';
import { httpValidationPipe } from './http/validation.pipe';

async function bootstrap() {
  let env: GatewayEnv;
  try {
    env = loadConfig(GatewayEnv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`gateway: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  surviveBrokerLoss();
  useSigningKey(env.MESSAGE_SIGNING_KEY);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: new JsonLogger('gateway', env.LOG_LEVEL) });
  app.set('trust proxy', env.TRUSTED_PROXIES.split(',').map((proxy) => proxy.trim()));
  app.use(helmet());
  app.enableCors({
    origin: env.CORS_ORIGINS.split(',').map((origin) => origin.trim()),
    credentials: false,
    exposedHeaders: ['x-request-id'],
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(httpValidationPipe());
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Tideline API')
    .setDescription('Retail demand forecasting and planning. Every route but login, refresh and health needs a bearer token.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => completeOpenApi(SwaggerModule.createDocument(app, openApi)), {
    jsonDocumentUrl: 'api/docs-json',
  });

  await app.listen(env.GATEWAY_PORT);
}

void bootstrap();
