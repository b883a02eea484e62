import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { loadConfig } from '@tideline/server-kit';
import { Redis } from 'ioredis';
import { GatewayEnv } from '../gateway.env';
import { KnownAddresses, LOGIN_REDIS } from './known-addresses';

/**
 * The gateway's one Redis connection, for the login limits. Its keys start with REDIS_KEY_PREFIX.
 * A command fails at once while Redis is away (no queue), so a login then gets 503, not a hang.
 */
@Global()
@Module({
  providers: [
    {
      provide: LOGIN_REDIS,
      useFactory: () => {
        const env = loadConfig(GatewayEnv);
        return new Redis(env.REDIS_URL, { keyPrefix: env.REDIS_KEY_PREFIX, enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
      },
    },
    KnownAddresses,
  ],
  exports: [LOGIN_REDIS, KnownAddresses],
})
export class LoginRedisModule implements OnApplicationShutdown {
  constructor(@Inject(LOGIN_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
