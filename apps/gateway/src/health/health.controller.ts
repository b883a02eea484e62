import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HealthPatterns, ServiceName, ServiceNames } from '@tideline/contracts';
import { RemoteCallError } from '@tideline/server-kit';
import type { Response } from 'express';
import { Public } from '../auth/access.decorators';
import { ServiceBus } from '../messaging/service-bus';

/** A health probe waits less than a request: a hung service must not hang the probe. */
const HEALTH_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly bus: ServiceBus,
  ) {}

  /** 200 when every service and its database answer; 503 naming each one that does not. */
  @Public()
  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check(ServiceNames.map((service) => () => this.checkService(service)));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse() as HealthCheckResult;
    }
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
