// bench/load: 100 concurrent clients (autocannon, this process, loopback) for 10 s each on the
// main read routes (a forecast series, a plan grid) and on login, through the gateway. Baselines in
// the same run: the same forecast-series handler and a trivial handler (health) called straight
// over RabbitMQ by 100 concurrent callers, without HTTP and the gateway, which shows what the
// gateway costs on top of the broker hop, and what the hop itself costs. Ends with the resident
// memory of every process before the load and at its peak.
// Usage: npm run bench:load [-- --connections 100 --seconds 10]
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const { brokerCaller } = require('../../tools/broker-rpc.js');
const { runOrExit } = require('../../tools/system.js');
const { IsolatedSystem } = require('../../tools/isolated-system.js');
const { seedDemoChain, tokenOf, waitForRun } = require('../../tools/demo-chain/seed.js');

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CONNECTIONS = option('connections', 100);
const SECONDS = option('seconds', 10);

function cannon(url, { token, method = 'GET', body } = {}) {
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url,
        method,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
}

/** `CONNECTIONS` callers, each sending its next request when the last reply arrives, for `SECONDS`. */
async function rpcLoad(url, signingKey, queue, pattern, data) {
  const caller = await brokerCaller(url, signingKey);
  const latencies = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const { ms, ok } = await caller.call(queue, pattern, data);
        latencies.push(ms);
        if (!ok) errors++;
      }
    }),
  );
  await caller.close();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / SECONDS, errors, requests: latencies.length };
}

const line = (what, { p50, p99, rps, errors, requests }) =>
  `  ${what.padEnd(46)} p50 ${p50.toFixed(1).padStart(7)} ms   p99 ${p99.toFixed(1).padStart(7)} ms   ${Math.round(rps).toString().padStart(6)} req/s   errors ${errors}/${requests}`;
const fromCannon = (r) => ({ p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.non2xx, requests: r.requests.total });

runOrExit('npx', ['nx', 'run-many', '-t', 'build', '-p', 'gateway', 'auth-service', 'catalog-service', 'sales-service', 'forecast-service', 'planning-service', '--outputStyle=static']);
// The login limits would answer most of a load test with 429: lifted for this run only.
const system = await IsolatedSystem.start({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000000', LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000000', RPC_TIMEOUT_MS: '30000' } });
try {
  const password = system.env.DEMO_PASSWORD;
  const upload = await seedDemoChain(system.gatewayUrl, { email: 'admin@tideline.local', password }, () => undefined, { stores: 10, products: 100 });
  const analyst = await tokenOf(system.gatewayUrl, 'analyst@tideline.local', password);
  await waitForRun(system.gatewayUrl, analyst, (r) => r.scope.uploadId === upload, () => undefined);
  const manager = await tokenOf(system.gatewayUrl, 'manager@tideline.local', password);
  const get = async (token, route, init = {}) => (await fetch(`${system.gatewayUrl}/api${route}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })).json();
  const [{ sku, store }] = (await get(analyst, '/forecast/series/list?pageSize=1')).items;
  const plan = await get(manager, '/planning/plans', { method: 'POST', body: JSON.stringify({ name: 'Load', from: '2026-11-30', to: '2027-02-15' }) });

  const atStart = system.memory();
  const series = await cannon(`${system.gatewayUrl}/api/forecast/series?sku=${sku}&store=${store}`, { token: analyst });
  const grid = await cannon(`${system.gatewayUrl}/api/planning/plans/${plan.id}/cells`, { token: manager });
  const login = await cannon(`${system.gatewayUrl}/api/auth/login`, { method: 'POST', body: { email: 'analyst@tideline.local', password } });
  const rpcSeries = await rpcLoad(system.env.RABBITMQ_URL, system.env.MESSAGE_SIGNING_KEY, 'forecast', 'forecast.series.get', { sku, store });
  const rpcHealth = await rpcLoad(system.env.RABBITMQ_URL, system.env.MESSAGE_SIGNING_KEY, 'forecast', 'forecast.health.check', {});

  console.log(`
bench/load — ${CONNECTIONS} concurrent clients, ${SECONDS} s each, everything on this machine (${plan.cells} plan cells; series ${sku} @ ${store})
${line('GET /api/forecast/series (one series)', fromCannon(series))}
${line(`GET /api/planning/plans/:id/cells`, fromCannon(grid))}
${line('POST /api/auth/login (argon2id)', fromCannon(login))}
  baselines, straight over RabbitMQ without HTTP and the gateway:
${line('forecast.series.get', rpcSeries)}
${line('forecast.health.check (a trivial handler)', rpcHealth)}
  resident memory of each process before the load → its peak since it started (seeding included):
${Object.entries(system.memory())
  .map(([name, { peakMb }]) => `    ${name.padEnd(18)} ${String(atStart[name].rssMb).padStart(4)} MB → ${String(peakMb).padStart(4)} MB`)
  .join('\n')}`);
} finally {
  await system.stop();
}
