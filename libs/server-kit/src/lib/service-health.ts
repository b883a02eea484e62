import { Controller, Injectable, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { HealthCheckError, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { HealthPatterns, ServiceHealthView, ServiceName } from '@tideline/contracts';

@Injectable()
export class ServiceHealth {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /**
   * The broker is up by construction (this answer travels over it); the database is pinged.
   * Never throws: a down dependency is reported, so the gateway can name it.
   */
  async check(service: ServiceName): Promise<ServiceHealthView> {
    try {
      const result = await this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]);
      return { service, status: 'up', checks: { broker: { status: 'up' }, database: { status: result.status === 'ok' ? 'up' : 'down' } } };
    } catch (error) {
      const message = error instanceof HealthCheckError ? error.message : String((error as Error)?.message ?? error);
      return { service, status: 'down', checks: { broker: { status: 'up' }, database: { status: 'down', message } } };
    }
  }
}

/** A controller answering `<service>.health.check`; patterns are static, so one class per service. */
export function healthControllerFor(service: ServiceName): Type<unknown> {
  @Controller()
  class HealthController {
    constructor(private readonly health: ServiceHealth) {}

    @MessagePattern(HealthPatterns[service])
    check(): Promise<ServiceHealthView> {
      return this.health.check(service);
    }
  }
  return HealthController;
}
