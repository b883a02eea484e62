// What `npm start` and `npm test` need from the machine: PostgreSQL, Redis, RabbitMQ and (for
// the browser tests) Chromium, and for the deployment test kubectl. As root on Debian or Ubuntu, a missing one is installed from the
// distribution's packages and started, saying so first; anywhere else the command stops at once,
// naming the command to run.
const fs = require('node:fs');
const net = require('node:net');
const { spawnSync } = require('node:child_process');

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = () => fs.existsSync('/usr/bin/apt-get');
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const canInstall = () => isRoot() && hasApt();

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort), timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const isLocal = (url) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(url).hostname);

function sh(script) {
  const result = spawnSync('sh', ['-c', script], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ This failed: ${script}`);
    process.exit(1);
  }
}

function aptInstall(packages) {
  console.log(`▸ installing ${packages.join(', ')} from the distribution's packages (apt-get install -y ${packages.join(' ')})`);
  sh(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')} >/dev/null`);
}

async function waitFor(url, defaultPort, seconds) {
  for (let i = 0; i < seconds; i++) {
    if (await reachable(url, defaultPort)) return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

/** The local services this project needs, how to install them, start them and let the project in. */
const SERVICES = [
  {
    name: 'PostgreSQL',
    envKey: 'USERS_DATABASE_URL',
    port: 5432,
    packages: ['postgresql'],
    installed: () => fs.existsSync('/etc/postgresql') && fs.readdirSync('/etc/postgresql').length > 0,
    // The project's URLs carry no password: a cluster this command installed trusts local TCP
    // connections as on the development machines (never done to a cluster it did not install).
    afterInstall: () => sh(`f=$(ls -d /etc/postgresql/*/main | head -1)/pg_hba.conf && sed -i '1i host all all 127.0.0.1/32 trust\\nhost all all ::1/128 trust' "$f"`),
    start: 'pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start',
    seconds: 60,
  },
  {
    name: 'Redis',
    envKey: 'REDIS_URL',
    port: 6379,
    packages: ['redis-server'],
    installed: () => has('redis-server'),
    afterInstall: () => undefined,
    // As the development machines run it: nothing kept on disk (it holds only login counts).
    start: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    seconds: 30,
  },
  {
    name: 'RabbitMQ',
    envKey: 'RABBITMQ_URL',
    port: 5672,
    packages: ['rabbitmq-server'],
    installed: () => has('rabbitmq-server'),
    afterInstall: () => undefined,
    start: 'rabbitmq-server -detached',
    ready: 'rabbitmqctl await_startup >/dev/null',
    seconds: 120,
  },
];

/**
 * Makes sure PostgreSQL, Redis and RabbitMQ answer at the configured URLs: started (and installed first)
 * where this process may do so, or a stop naming what to run.
 */
async function ensureServices(env) {
  for (const service of SERVICES) {
    const url = env[service.envKey];
    if (await reachable(url, service.port)) continue;
    const where = new URL(url).host;
    if (!isLocal(url) || !canInstall()) {
      const how = hasApt() ? `sudo apt-get install -y ${service.packages.join(' ')} (then start it)` : `install and start ${service.name}`;
      console.error(`✖ ${service.name} does not answer at ${where}.`);
      console.error(`  Run: ${how}, or \`docker compose up -d postgres redis rabbitmq\`, or point ${service.envKey} in .env at yours.`);
      process.exit(1);
    }
    if (!service.installed()) {
      aptInstall(service.packages);
      service.afterInstall();
    }
    console.log(`▸ starting ${service.name} (${service.start})`);
    sh(service.start);
    if (!(await waitFor(url, service.port, service.seconds))) {
      console.error(`✖ ${service.name} was started but does not answer at ${where} after ${service.seconds} s.`);
      process.exit(1);
    }
    if (service.ready) sh(service.ready);
  }
}

/** Debian's Chromium for the browser tests: installed when missing and allowed, or a stop naming the command. */
function ensureChromium(executable = process.env.CHROMIUM_PATH || '/usr/bin/chromium') {
  if (fs.existsSync(executable)) return;
  if (executable === '/usr/bin/chromium' && canInstall()) {
    aptInstall(['chromium']);
    return;
  }
  console.error(`✖ The browser tests need Chromium at ${executable}, which is missing.`);
  console.error(`  Run: ${hasApt() ? 'sudo apt-get install -y chromium' : 'install Chromium'}, or set CHROMIUM_PATH to a Chromium or Chrome executable.`);
  process.exit(1);
}

/**
 * kubectl renders deploy/kubernetes in a test (`kubectl kustomize`, which needs kustomize v4 or
 * later: kubectl 1.21 on). Missing, Debian's is installed (package kubernetes-client).
 */
function ensureKubectl() {
  if (has('kubectl')) return;
  if (canInstall()) {
    aptInstall(['kubernetes-client']);
    return;
  }
  console.error('✖ The deployment test needs kubectl (1.21 or later), which is missing.');
  console.error(`  Run: ${hasApt() ? 'sudo apt-get install -y kubernetes-client' : 'install kubectl'}.`);
  process.exit(1);
}

module.exports = { ensureChromium, ensureKubectl, ensureServices, reachable };
