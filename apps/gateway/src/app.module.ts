import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { loadConfig } from '@tideline/server-kit';
import { AccessGuard } from './auth/access.guard';
import { JwtStrategy } from './auth/jwt.strategy';
import { GatewayConfigModule } from './gateway-config.module';
import { GATEWAY_CONTROLLERS } from './gateway-controllers';
import { DeadLetters } from './dead-letters/dead-letters.service';
import { GatewayEnv } from './gateway.env';
import { correlationMiddleware } from './http/correlation.middleware';
import { HttpErrorFilter } from './http/http-error.filter';
import { MessagingModule } from './messaging/messaging.module';
import { UploadForwarder } from './uploads/upload-forwarder';
import { IdempotencyKeyInterceptor } from './http/idempotency-key.interceptor';

/** The account a login names, as the auth service matches it (case and spaces do not make another account). */
const loginAccount = (req: Record<string, unknown>) => String((req['body'] as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase();

@Module({
  imports: [
    GatewayConfigModule,
    PassportModule,
    TerminusModule,
    // Only the login route uses ThrottlerGuard: it is the one a password-guessing client hits. It is
    // limited per address and per account, so guessing one account from many addresses is slowed too.
    ThrottlerModule.forRootAsync({
      useFactory: () => {
        const env = loadConfig(GatewayEnv);
        return [
          { name: 'login', ttl: 60_000, limit: env.LOGIN_RATE_LIMIT_PER_MINUTE },
          { name: 'login-account', ttl: 60_000, limit: env.LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE, getTracker: loginAccount },
        ];
      },
    }),
    MessagingModule,
  ],
  controllers: GATEWAY_CONTROLLERS,
  providers: [
    JwtStrategy,
    UploadForwarder,
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
