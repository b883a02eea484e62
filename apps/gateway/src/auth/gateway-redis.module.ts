import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { loadConfig } from '@tideline/server-kit';
import { Redis } from 'ioredis';
import { GatewayEnv } from '../gateway.env';
import { GATEWAY_REDIS } from './gateway-redis.token';
import { KnownAddresses } from './known-addresses';

/**
 * The gateway's one Redis connection (see GATEWAY_REDIS). Its keys start with REDIS_KEY_PREFIX.
 * A command fails at once while Redis is away (no queue), so a login then gets 503, not a hang.
 */
@Global()
@Module({
  providers: [
    {
      provide: GATEWAY_REDIS,
      useFactory: () => {
        const env = loadConfig(GatewayEnv);
        return new Redis(env.REDIS_URL, { keyPrefix: env.REDIS_KEY_PREFIX, enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
      },
    },
    KnownAddresses,
  ],
  exports: [GATEWAY_REDIS, KnownAddresses],
})
export class GatewayRedisModule implements OnApplicationShutdown {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
