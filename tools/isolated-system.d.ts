import type { ChildProcess } from 'node:child_process';
import type { Client } from 'pg';

export class IsolatedSystem {
  readonly runId: string;
  readonly env: Record<string, string>;
  readonly processes: Map<string, ChildProcess>;
  readonly logDir: string;
  get gatewayUrl(): string;
  webUrl(app: 'forecasting-web' | 'planning-web'): string;
  static start(options?: { web?: boolean; instances?: number; env?: Record<string, string> }): Promise<IsolatedSystem>;
  startService(name: string, instance?: string): ChildProcess;
  /** Resolves once the gateway answers health with 200 (every service answering through it). */
  gatewayReady(timeoutMs?: number): Promise<void>;
  /** Resolves once the service (or instance key) started last is taking messages. */
  serviceReady(name: string, timeoutMs?: number): Promise<void>;
  stopService(name: string): Promise<number | null>;
  killService(name: string): Promise<void>;
  database(which: 'users' | 'catalog' | 'planning'): Promise<Client>;
  memory(): Record<string, { rssMb: number; peakMb: number }>;
  log(name: string): string;
  stop(): Promise<void>;
}
