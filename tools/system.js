// How Tideline's processes are configured and launched. Shared by `npm start` (tools/start.mjs)
// and the system tests (apps/system-e2e), so both run the system the same way.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { urlVariable } = require('./broker-users');
const { SERVICE_DATABASES, databaseVariable } = require('./database-roles');
const { ensureServices } = require('./machine-deps');
const { onlySeeding } = require('./demo-chain/seeding-flag');

const ROOT = path.resolve(__dirname, '..');

/** Each service and the variable holding the URL of the database it owns a schema in. */
const SERVICES = Object.entries(SERVICE_DATABASES).map(([service, databaseVar]) => ({ name: `${service}-service`, databaseVar }));

const WEB_APPS = [
  { name: 'forecasting-web', portVar: 'FORECASTING_WEB_PORT' },
  { name: 'planning-web', portVar: 'PLANNING_WEB_PORT' },
];

function readEnvFile(file) {
  if (!fs.existsSync(file)) return {};
  const values = {};
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/**
 * The configuration: `.env.example` defaults, then `.env`, then the real environment, for
 * every variable `.env.example` documents; `overrides` last (tests use them).
 */
function loadEnv(overrides = {}) {
  const defaults = readEnvFile(path.join(ROOT, '.env.example'));
  const local = readEnvFile(path.join(ROOT, '.env'));
  const env = {};
  for (const key of Object.keys(defaults)) env[key] = process.env[key] ?? local[key] ?? defaults[key];
  return { ...env, ...overrides };
}

/**
 * A process's environment: its own database URL (as its own role when tools/database-roles.js made
 * them) and its own broker user (when tools/broker-users.js made them).
 */
function processEnv(name, env) {
  const service = SERVICES.find((s) => s.name === name);
  const role = service ? name.replace(/-service$/, '') : name === 'gateway' ? 'gateway' : undefined;
  const brokerUrl = role && env[urlVariable(role)];
  const databaseUrl = service && (env[databaseVariable(role)] ?? env[service.databaseVar]);
  return { ...process.env, ...env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...(brokerUrl ? { RABBITMQ_URL: brokerUrl } : {}) };
}

/** Starts a built app (`dist/apps/<name>/main.js`, or `script`); its output goes to `logFile`. */
function startProcess(name, env, { logFile, script, args = [] } = {}) {
  const entry = script ?? path.join(ROOT, 'dist/apps', name, 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build first (npx nx run-many -t build)`);
  const out = logFile ? fs.openSync(logFile, 'a') : 'inherit';
  const child = spawn(process.execPath, ['--enable-source-maps', entry, ...args], {
    cwd: ROOT,
    env: processEnv(name, env),
    stdio: ['ignore', out, out],
  });
  child.name = name;
  return child;
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
function stopProcess(child, graceMs = 15000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls `GET /api/health` until it answers 200; rejects with the last answer after `timeoutMs`. */
/** Waits for every service to answer; `{ seeding: true }` also takes a health that waits only for the demo chain. */
async function waitForHealth(gatewayUrl, timeoutMs = 60000, { seeding = false } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${gatewayUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
      const text = await res.text();
      if (seeding && onlySeeding(res.status, JSON.parse(text))) return;
      last = `${res.status} ${text}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The system did not become healthy within ${timeoutMs} ms: ${last}`);
}

/** Runs a command in the workspace, inheriting the terminal; exits this process if it fails. */
function runOrExit(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NG_CLI_ANALYTICS: 'false' } });
  if (result.status !== 0) {
    console.error(`\n✖ ${command} ${args.join(' ')} failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
}

/** `npm ci` when node_modules is missing or older than the lockfile. */
function installIfNeeded() {
  const marker = path.join(ROOT, 'node_modules/.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log('▸ Installing dependencies (npm ci)…');
  runOrExit('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Exits with a clear message when PostgreSQL or RabbitMQ does not answer (or starts them; see machine-deps.js). */
const requireDependencies = (env) => ensureServices(env);

module.exports = {
  ROOT,
  SERVICES,
  WEB_APPS,
  installIfNeeded,
  loadEnv,
  processEnv,
  requireDependencies,
  runOrExit,
  startProcess,
  stopProcess,
  waitForHealth,
};
