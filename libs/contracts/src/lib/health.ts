import { ServiceName } from './services';

export const HealthPatterns: Record<ServiceName, string> = {
  auth: 'auth.health.check',
  catalog: 'catalog.health.check',
  sales: 'sales.health.check',
  forecast: 'forecast.health.check',
  planning: 'planning.health.check',
};

export type HealthStatus = 'up' | 'down';

/** What a service answers to its health pattern: its own dependencies, each up or down. */
export interface ServiceHealthView {
  service: ServiceName;
  status: HealthStatus;
  checks: Record<string, { status: HealthStatus; message?: string }>;
}

/** `GET /api/health`. */
export interface SystemHealthView {
  status: HealthStatus;
  services: Record<ServiceName, { status: HealthStatus; message?: string }>;
}
