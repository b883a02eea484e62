// The whole system in isolation: its own RabbitMQ virtual host, its own three databases, real
// service processes from dist/, the gateway (and optionally both web apps) on free ports.
// Used by the system tests and the benchmarks; `stop()` removes every trace.
'use strict';
const { execFile } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { promisify } = require('node:util');
const { Redis } = require('ioredis');
const { Client } = require('pg');
const { createBrokerUsers, deleteBrokerUsers } = require('./broker-users');
const { createDatabaseRoles, dropDatabaseRoles } = require('./database-roles');
const { ROOT, SERVICES, WEB_APPS, loadEnv, startProcess, stopProcess, waitForHealth } = require('./system');

const run = promisify(execFile);
const RABBITMQCTL = process.env.RABBITMQCTL || 'rabbitmqctl';
const DATABASES = { users: 'USERS_DATABASE_URL', catalog: 'CATALOG_DATABASE_URL', planning: 'PLANNING_DATABASE_URL' };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

class IsolatedSystem {
  constructor(runId, env, vhost) {
    this.runId = runId;
    this.env = env;
    this.vhost = vhost;
    this.processes = new Map();
    this.logDir = path.join(ROOT, 'tmp/test-logs', runId);
    fs.mkdirSync(this.logDir, { recursive: true });
  }

  get gatewayUrl() {
    return `http://127.0.0.1:${this.env.GATEWAY_PORT}`;
  }

  webUrl(app) {
    const spec = WEB_APPS.find((w) => w.name === app);
    if (!spec) throw new Error(`Unknown web app ${app}`);
    return `http://localhost:${this.env[spec.portVar]}`;
  }

  /**
   * `instances`: how many processes of every service to run side by side (all started at once,
   * as a deployment with replicas would); the first of each is `name`, the others `name#2`, ….
   */
  static async start({ web = false, instances = 1, env: overrides = {} } = {}) {
    const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const base = loadEnv();
    const vhost = `tideline_${runId}`;
    const brokerUrl = `${base.RABBITMQ_URL.replace(/\/$/, '')}/${vhost}`;
    // Every process connects as its own user, limited to its own queues, as in production; guest
    // (the broker's default user) keeps every right on the run's virtual host for the tests' probes.
    const brokerUsers = await createBrokerUsers(brokerUrl, `${runId}-`, { permissions: [{ user: 'guest', vhost, configure: '.*', write: '.*', read: '.*' }] });
    const [gatewayPort, forecastingPort, planningPort] = [await freePort(), await freePort(), await freePort()];
    const env = {
      ...base,
      GATEWAY_PORT: String(gatewayPort),
      FORECASTING_WEB_PORT: String(forecastingPort),
      PLANNING_WEB_PORT: String(planningPort),
      CORS_ORIGINS: `http://localhost:${forecastingPort},http://localhost:${planningPort}`,
      RABBITMQ_URL: brokerUrl,
      ...brokerUsers,
      ...Object.fromEntries(Object.entries(DATABASES).map(([name, variable]) => [variable, withDatabase(base[variable], `${runId}_${name}`)])),
      REDIS_KEY_PREFIX: `tideline_${runId}:`,
      RPC_TIMEOUT_MS: '2000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      SEED_DEMO_USERS: 'true',
      ...overrides,
    };
    const system = new IsolatedSystem(runId, env, vhost);
    try {
      // Every service connects as its own role, owning its schema only, as in production; the
      // variables above stay the superuser's, for the tests' probes.
      Object.assign(env, await createDatabaseRoles(env, `${runId}_`));
      for (const service of SERVICES) {
        system.startService(service.name);
        for (let i = 2; i <= instances; i++) system.startService(service.name, String(i));
      }
      system.startService('gateway');
      if (web) {
        for (const app of WEB_APPS) {
          system.launch(app.name, { script: path.join(ROOT, 'tools/serve-web.js'), args: [app.name, env[app.portVar], system.gatewayUrl] });
        }
      }
      await system.gatewayReady();
      // Health needs one instance of each service; the test may want every instance taking work.
      await Promise.all([...system.processes.keys()].filter((key) => key !== 'gateway' && !WEB_APPS.some((w) => w.name === key)).map((key) => system.serviceReady(key)));
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  /** Starts a service; `instance` names a further instance of it (its key is `name#instance`). */
  startService(name, instance) {
    return this.launch(name, {}, instance);
  }

  /** SIGTERM and wait; resolves with the exit code. `name` is a service name or an instance key (`name#instance`). */
  async stopService(name) {
    const child = this.processes.get(name);
    if (!child) throw new Error(`${name} is not running`);
    await stopProcess(child);
    this.forget(name, child);
    return child.exitCode;
  }

  /** SIGKILL: the process gets no chance to finish or acknowledge anything. */
  async killService(name) {
    const child = this.processes.get(name);
    if (!child) throw new Error(`${name} is not running`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.forget(name, child);
  }

  /** Drops `name` from the running processes, unless it was started again meanwhile. */
  forget(name, child) {
    if (this.processes.get(name) === child) this.processes.delete(name);
  }

  /** A connection to one of this run's databases: 'users', 'catalog' or 'planning'. */
  async database(which) {
    const client = new Client({ connectionString: this.env[DATABASES[which]] });
    await client.connect();
    return client;
  }

  /** Resident memory of each running process in MB, now (`rssMb`) and at its peak so far (`peakMb`), from Linux's /proc. */
  memory() {
    return Object.fromEntries(
      [...this.processes].map(([key, child]) => {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const mb = (field) => Math.round(Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)[1]) / 1024);
        return [key, { rssMb: mb('VmRSS'), peakMb: mb('VmHWM') }];
      }),
    );
  }

  log(name) {
    const file = path.join(this.logDir, `${name}.log`);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  async stop() {
    await Promise.all([...this.processes.values()].map((child) => stopProcess(child, 5000)));
    this.processes.clear();
    const admin = new Client({ connectionString: withDatabase(this.env.USERS_DATABASE_URL, 'postgres') });
    await admin.connect();
    try {
      for (const name of Object.keys(DATABASES)) await admin.query(`DROP DATABASE IF EXISTS "${this.runId}_${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    await dropDatabaseRoles(this.env.USERS_DATABASE_URL, `${this.runId}_`).catch(() => undefined);
    await run(RABBITMQCTL, ['delete_vhost', this.vhost]).catch(() => undefined);
    await deleteBrokerUsers(`${this.runId}-`);
    await this.deleteRedisKeys().catch(() => undefined);
  }

  /** Removes this run's Redis keys (the login limits' counts and known addresses). */
  async deleteRedisKeys() {
    const redis = new Redis(this.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.env.REDIS_KEY_PREFIX}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }

  /** Resolves once the gateway answers health with 200 (every service answering through it). */
  gatewayReady(timeoutMs = 60000) {
    return waitForHealth(this.gatewayUrl, timeoutMs);
  }

  /** Resolves once the service (or instance key) started last by `startService` is taking messages. */
  async serviceReady(name, timeoutMs = 60000) {
    const child = this.processes.get(name);
    if (!child) throw new Error(`${name} is not running`);
    const deadline = Date.now() + timeoutMs;
    while (!this.log(name).slice(child.logOffset).includes('-service consuming')) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited while starting`);
      if (Date.now() > deadline) throw new Error(`${name} did not start consuming within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  launch(name, options, instance) {
    const key = instance ? `${name}#${instance}` : name;
    const logOffset = this.log(key).length;
    const child = startProcess(name, this.env, { logFile: path.join(this.logDir, `${key}.log`), ...options });
    child.logOffset = logOffset;
    this.processes.set(key, child);
    return child;
  }
}

module.exports = { IsolatedSystem };
