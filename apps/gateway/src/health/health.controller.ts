import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HealthPatterns, ServiceName, ServiceNames } from '@tideline/contracts';
import { RemoteCallError } from '@tideline/server-kit';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { Public } from '../auth/access.decorators';
import { GATEWAY_REDIS } from '../auth/gateway-redis.token';
import { ServiceBus } from '../messaging/service-bus';

/** A health probe waits less than a request: a hung service must not hang the probe. */
const HEALTH_TIMEOUT_MS = 2000;

/**
 * Set (under REDIS_KEY_PREFIX) by whoever loads the demo chain, `npm start` (tools/demo-chain/
 * seeding-flag.js), from before the gateway starts until the chain and its first forecast are in.
 */
export const DEMO_SEEDING_KEY = 'demo-seeding';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly bus: ServiceBus,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  /**
   * 200 when every service and its database answer, and Redis (the login limits) too; 503 naming
   * each one that does not. While the demo chain is being loaded, 503 with `demo: seeding`, so that
   * nobody reads a half-seeded chain.
   */
  @Public()
  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([...ServiceNames.map((service) => () => this.checkService(service)), () => this.checkRedis()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  /** Redis holds the login limits (a login answers 503 without it) and the demo seeding's flag. */
  private async checkRedis() {
    const redis = this.indicators.check('redis');
    const demo = this.indicators.check('demo');
    let seeding: boolean;
    try {
      seeding = (await this.redis.exists(DEMO_SEEDING_KEY)) === 1;
    } catch {
      return redis.down({ message: 'Redis is unavailable: logins cannot be counted' });
    }
    return seeding ? demo.down({ state: 'seeding', message: 'The demo chain is still being loaded' }) : redis.up();
  }

  private async checkService(service: ServiceName) {
    const indicator = this.indicators.check(service);
    try {
      const view = await this.bus.send(HealthPatterns[service] as `${ServiceName}.health.check`, {}, HEALTH_TIMEOUT_MS);
      return view.status === 'up'
        ? indicator.up({ checks: view.checks })
        : indicator.down({ message: `${service} is up but a dependency is not`, checks: view.checks });
    } catch (error) {
      const message = error instanceof RemoteCallError ? error.message : `${service} is unavailable`;
      return indicator.down({ message });
    }
  }
}
