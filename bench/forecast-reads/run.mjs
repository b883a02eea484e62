// bench/forecast-reads: how long the Forecasting explorer waits for a read of GET /api/forecast/series
// on the demo chain: one series, then every aggregate level (chain, department, category,
// subcategory, region, cluster and a category × region crossing), each the median of 11 warm reads
// (the first read apart, as it may fill a cache)
// by one client, through the gateway. Baselines in the same run: the single-series read straight
// over RabbitMQ (the same handler without HTTP and the gateway), and every read again while a
// forecast run of the whole chain shares the cores.
// Usage: npm run bench:forecast-reads [-- --stores 40 --products 400]   (default: the demo chain)
import { createRequire } from 'node:module';
import { median, readsOf, timeRead } from './levels.mjs';

const require = createRequire(import.meta.url);
const { brokerCaller } = require('../../tools/broker-rpc.js');
const { runOrExit } = require('../../tools/system.js');
const { IsolatedSystem } = require('../../tools/isolated-system.js');
const { seedDemoChain, tokenOf, waitForRun } = require('../../tools/demo-chain/seed.js');

const option = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};
const SIZE = { stores: option('stores'), products: option('products'), lateWeeks: 4 };
const TIMES = 11;
/** Alternated single-series reads through the gateway and over the broker. */
const PAIRED = 200;


runOrExit('npx', ['nx', 'run-many', '-t', 'build', '-p', 'gateway', 'auth-service', 'catalog-service', 'sales-service', 'forecast-service', 'planning-service', 'broker-definitions', '--outputStyle=static']);
const system = await IsolatedSystem.start();
try {
  const password = system.env.DEMO_PASSWORD;
  const quiet = () => undefined;
  const analystLogin = { email: 'analyst@tideline.local', password };
  const last = await seedDemoChain(system.gatewayUrl, { email: 'data@tideline.local', password }, quiet, SIZE, analystLogin);
  const analyst = await tokenOf(system.gatewayUrl, analystLogin.email, password);
  await waitForRun(system.gatewayUrl, analyst, (r) => r.scope.uploadId === last, quiet);

  const get = async (route) => {
    const res = await fetch(`${system.gatewayUrl}/api${route}`, { headers: { authorization: `Bearer ${analyst}` } });
    if (res.status !== 200) throw new Error(`GET ${route}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const totalSeries = (await get('/forecast/series/list?pageSize=1')).total;
  const reads = await readsOf(get);

  const timeAll = async () => {
    const results = [];
    for (const [name, selector] of reads) results.push({ name, ...(await timeRead(get, selector, TIMES)) });
    return results;
  };

  const quietReads = await timeAll();
  // The gateway's overhead: the same single-series read through the gateway and straight over the
  // broker, alternated (so that both meet the same state of the machine), and the floor of any read
  // through the gateway (GET /api/me: HTTP, the token and the session; no service asked).
  const caller = await brokerCaller(system.env.RABBITMQ_URL, system.env.MESSAGE_SIGNING_KEY);
  const singleRoute = `/forecast/series?${new URLSearchParams(reads[0][1])}`;
  const [viaGateway, overBroker, floor] = [[], [], []];
  for (let i = 0; i < PAIRED; i++) {
    let started = performance.now();
    await get(singleRoute);
    viaGateway.push(performance.now() - started);
    overBroker.push((await caller.call('forecast', 'forecast.series.get', reads[0][1])).ms);
    started = performance.now();
    await get('/me');
    floor.push(performance.now() - started);
  }
  await caller.close();
  const [gatewayMs, brokerMs, floorMs] = [median(viaGateway), median(overBroker), median(floor)];

  // The same reads while a run of the whole chain is forecasting.
  const started = await fetch(`${system.gatewayUrl}/api/forecast/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${analyst}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const { id: runId } = await started.json();
  await new Promise((r) => setTimeout(r, 3000));
  const busyReads = await timeAll();
  const run = await get(`/forecast/runs/${runId}`);
  const busyNote = run.status === 'running' ? 'the run was still going at the end' : `the run ended (${run.status}) before the last read`;
  await waitForRun(system.gatewayUrl, analyst, (r) => r.id === runId, quiet);

  const single = gatewayMs;
  const row = (q, b) =>
    `  ${q.name.padEnd(20)} ${String(q.series).padStart(6)} series  ${q.ms.toFixed(1).padStart(6)} ms  ${(q.ms / single).toFixed(2).padStart(5)}× one series   first read ${q.first.toFixed(0).padStart(5)} ms   during a run ${b.ms.toFixed(1).padStart(6)} ms`;
  const aggregates = quietReads.filter((r) => ['chain', 'category', 'region'].includes(r.name));
  const worst = Math.max(...aggregates.map((r) => r.ms / single));
  console.log(`
bench/forecast-reads — GET /api/forecast/series on a chain of ${totalSeries} series, median of ${TIMES} warm reads, one client
${quietReads.map((q, i) => row(q, busyReads[i])).join('\n')}
  one series, ${PAIRED} reads alternated (medians): through the gateway ${gatewayMs.toFixed(1)} ms, straight over RabbitMQ (forecast.series.get) ${brokerMs.toFixed(1)} ms
  gateway overhead on a single-series read: ${(gatewayMs - brokerMs).toFixed(1)} ms (${((gatewayMs / brokerMs - 1) * 100).toFixed(0)}%; aim ≤ 20%)
  floor of a read through the gateway (GET /api/me: HTTP, token, session; no service): ${floorMs.toFixed(1)} ms
  chain, category and region against one series: at most ${worst.toFixed(2)}× (aim ≤ 2×)
  (during a run: ${busyNote})`);
} finally {
  await system.stop();
}
