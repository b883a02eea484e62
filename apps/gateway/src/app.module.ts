import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { loadConfig } from '@tideline/server-kit';
import { AccessGuard } from './auth/access.guard';
import { AuthController } from './auth/auth.controller';
import { CatalogUploadsController } from './catalog/catalog-uploads.controller';
import { ProductsController } from './catalog/products.controller';
import { StoresController } from './catalog/stores.controller';
import { JwtStrategy } from './auth/jwt.strategy';
import { GatewayConfigModule } from './gateway-config.module';
import { GatewayEnv } from './gateway.env';
import { HealthController } from './health/health.controller';
import { correlationMiddleware } from './http/correlation.middleware';
import { HttpErrorFilter } from './http/http-error.filter';
import { MessagingModule } from './messaging/messaging.module';
import { SalesController } from './sales/sales.controller';
import { ForecastController } from './forecast/forecast.controller';
import { PlanningController } from './planning/planning.controller';
import { UploadForwarder } from './uploads/upload-forwarder';
import { UsersController } from './users/users.controller';

@Module({
  imports: [
    GatewayConfigModule,
    PassportModule,
    TerminusModule,
    // Only the login route uses ThrottlerGuard: it is the one a password-guessing client hits.
    ThrottlerModule.forRootAsync({
      useFactory: () => [{ name: 'login', ttl: 60_000, limit: loadConfig(GatewayEnv).LOGIN_RATE_LIMIT_PER_MINUTE }],
    }),
    MessagingModule,
  ],
  controllers: [
    AuthController,
    UsersController,
    HealthController,
    CatalogUploadsController,
    ProductsController,
    StoresController,
    SalesController,
    ForecastController,
    PlanningController,
  ],
  providers: [
    JwtStrategy,
    UploadForwarder,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(correlationMiddleware).forRoutes('*path');
  }
}
