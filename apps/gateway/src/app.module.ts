import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { Redis } from 'ioredis';
import { loadConfig } from '@tideline/server-kit';
import { AccessGuard } from './auth/access.guard';
import { GATEWAY_REDIS } from './auth/gateway-redis.token';
import { loginAccount } from './auth/known-addresses';
import { ACCOUNT_LIMIT } from './auth/login-throttler.guard';
import { GatewayRedisModule } from './auth/gateway-redis.module';
import { JwtStrategy } from './auth/jwt.strategy';
import { SessionCache } from './auth/session-cache';
import { GatewayConfigModule } from './gateway-config.module';
import { GATEWAY_CONTROLLERS } from './gateway-controllers';
import { DeadLetters } from './dead-letters/dead-letters.service';
import { GatewayEnv } from './gateway.env';
import { correlationMiddleware } from './http/correlation.middleware';
import { HttpErrorFilter } from './http/http-error.filter';
import { MessagingModule } from './messaging/messaging.module';
import { UploadForwarder } from './uploads/upload-forwarder';
import { UploadKeys } from './uploads/upload-keys';
import { IdempotencyKeyInterceptor } from './http/idempotency-key.interceptor';

/** The account a login names, as the auth service matches it (case and spaces do not make another account). */
@Module({
  imports: [
    GatewayConfigModule,
    PassportModule,
    TerminusModule,
    GatewayRedisModule,
    // Only the login route is limited (LoginThrottlerGuard): it is the one a password-guessing client
    // hits. Per address, and per account, so guessing one account from many addresses is slowed too.
    // The counts live in Redis, shared by every gateway instance.
    ThrottlerModule.forRootAsync({
      inject: [GATEWAY_REDIS],
      useFactory: (redis: Redis) => {
        const env = loadConfig(GatewayEnv);
        return {
          throttlers: [
            { name: 'default', ttl: 60_000, limit: env.LOGIN_RATE_LIMIT_PER_MINUTE },
            { name: ACCOUNT_LIMIT, ttl: 60_000, limit: env.LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE, getTracker: loginAccount },
          ],
          storage: new ThrottlerStorageRedisService(redis),
        };
      },
    }),
    MessagingModule,
  ],
  controllers: GATEWAY_CONTROLLERS,
  providers: [
    JwtStrategy,
    SessionCache,
    UploadForwarder,
    UploadKeys,
    DeadLetters,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyKeyInterceptor },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(correlationMiddleware).forRoutes('*path');
  }
}
