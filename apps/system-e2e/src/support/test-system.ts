import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ROOT, SERVICES, WEB_APPS, loadEnv, startProcess, stopProcess, waitForHealth } from '@tideline/system-launcher';

const run = promisify(execFile);
const RABBITMQCTL = process.env['RABBITMQCTL'] ?? 'rabbitmqctl';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * The whole system for one test file: its own RabbitMQ virtual host, its own three databases,
 * real service processes built from dist/, the gateway on a free port, and optionally both web
 * apps. `stop()` removes every trace.
 */
export class TestSystem {
  readonly processes = new Map<string, ChildProcess>();
  readonly logDir: string;

  private constructor(
    readonly runId: string,
    readonly env: Record<string, string>,
    readonly vhost: string,
  ) {
    this.logDir = path.join(ROOT, 'tmp/test-logs', runId);
    fs.mkdirSync(this.logDir, { recursive: true });
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.env['GATEWAY_PORT']}`;
  }

  webUrl(app: 'forecasting-web' | 'planning-web'): string {
    const spec = WEB_APPS.find((w) => w.name === app);
    if (!spec) throw new Error(`Unknown web app ${app}`);
    return `http://localhost:${this.env[spec.portVar]}`;
  }

  static async start(options: { web?: boolean; env?: Record<string, string> } = {}): Promise<TestSystem> {
    const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const base = loadEnv();
    const vhost = `tideline_${runId}`;
    await run(RABBITMQCTL, ['add_vhost', vhost]);
    await run(RABBITMQCTL, ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
    const [gatewayPort, forecastingPort, planningPort] = [await freePort(), await freePort(), await freePort()];
    const env: Record<string, string> = {
      ...base,
      GATEWAY_PORT: String(gatewayPort),
      FORECASTING_WEB_PORT: String(forecastingPort),
      PLANNING_WEB_PORT: String(planningPort),
      CORS_ORIGINS: `http://localhost:${forecastingPort},http://localhost:${planningPort}`,
      RABBITMQ_URL: `${base['RABBITMQ_URL'].replace(/\/$/, '')}/${vhost}`,
      USERS_DATABASE_URL: withDatabase(base['USERS_DATABASE_URL'], `${runId}_users`),
      CATALOG_DATABASE_URL: withDatabase(base['CATALOG_DATABASE_URL'], `${runId}_catalog`),
      PLANNING_DATABASE_URL: withDatabase(base['PLANNING_DATABASE_URL'], `${runId}_planning`),
      RPC_TIMEOUT_MS: '2000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      SEED_DEMO_USERS: 'true',
      ...options.env,
    };
    const system = new TestSystem(runId, env, vhost);
    try {
      for (const service of SERVICES) system.startService(service.name);
      system.startService('gateway');
      if (options.web) {
        for (const app of WEB_APPS) {
          system.launch(app.name, {
            script: path.join(ROOT, 'tools/serve-web.js'),
            args: [app.name, env[app.portVar], system.gatewayUrl],
          });
        }
      }
      await waitForHealth(system.gatewayUrl, 60_000);
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  startService(name: string): ChildProcess {
    return this.launch(name, {});
  }

  /** SIGTERM and wait; resolves with the exit code. */
  async stopService(name: string): Promise<number | null> {
    const child = this.processes.get(name);
    if (!child) throw new Error(`${name} is not running`);
    await stopProcess(child);
    this.processes.delete(name);
    return child.exitCode;
  }

  /** SIGKILL: the process gets no chance to finish or acknowledge anything. */
  async killService(name: string): Promise<void> {
    const child = this.processes.get(name);
    if (!child) throw new Error(`${name} is not running`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.processes.delete(name);
  }

  /** A connection to one of this run's databases. */
  async database(which: 'users' | 'catalog' | 'planning'): Promise<Client> {
    const variable = { users: 'USERS_DATABASE_URL', catalog: 'CATALOG_DATABASE_URL', planning: 'PLANNING_DATABASE_URL' }[which];
    const client = new Client({ connectionString: this.env[variable] });
    await client.connect();
    return client;
  }

  log(name: string): string {
    const file = path.join(this.logDir, `${name}.log`);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((child) => stopProcess(child, 5000)));
    this.processes.clear();
    const admin = new Client({ connectionString: withDatabase(this.env['USERS_DATABASE_URL'], 'postgres') });
    await admin.connect();
    try {
      for (const db of ['users', 'catalog', 'planning']) {
        await admin.query(`DROP DATABASE IF EXISTS "${this.runId}_${db}" WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
    await run(RABBITMQCTL, ['delete_vhost', this.vhost]).catch(() => undefined);
  }

  private launch(name: string, options: { script?: string; args?: string[] }): ChildProcess {
    const child = startProcess(name, this.env, { logFile: path.join(this.logDir, `${name}.log`), ...options });
    this.processes.set(name, child);
    return child;
  }
}
