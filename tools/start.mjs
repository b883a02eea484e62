// `npm start`: install what is missing, build, start every service, the gateway and both web
// apps against the local PostgreSQL and RabbitMQ, print the URLs and demo logins. Ctrl-C stops all.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ROOT, SERVICES, WEB_APPS, installIfNeeded, loadEnv, requireDependencies, runOrExit, startProcess, stopProcess, waitForHealth } =
  require('./system.js');

installIfNeeded();
// Only now: these load installed packages (pg, ioredis, amqplib), which a fresh clone does not have before the install.
const { seedDemoChain, seedDemoPlans, seedDemoStock, tokenOf, waitForDemoForecast } = require('./demo-chain/seed.js');
const { markSeeded, markSeeding } = require('./demo-chain/seeding-flag.js');
const { createBrokerUsers } = require('./broker-users.js');
const { createDatabaseRoles } = require('./database-roles.js');
const env = loadEnv();
await requireDependencies(env);
console.log('▸ Building (cached after the first run)…');
runOrExit('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']);

try {
  // New passwords at every start; the topology is declared with them.
  Object.assign(env, await createBrokerUsers(env.RABBITMQ_URL, 'tideline-'));
  console.log('▸ Broker: one user for every service and the gateway, each limited to its own queues');
} catch (error) {
  console.warn(`⚠ Could not create the broker users with rabbitmqctl (${String(error.message).split('\n')[0]}); every process connects as RABBITMQ_URL's user`);
}

try {
  Object.assign(env, await createDatabaseRoles(env, 'tideline_'));
  console.log('▸ Database: every service connects as a role of its own, owning its schema and nothing else');
} catch (error) {
  console.warn(`⚠ Could not create the services' database roles (${error.message}); every service connects as the configured user`);
}

const logs = path.join(ROOT, 'tmp/logs');
fs.mkdirSync(logs, { recursive: true });
const gatewayUrl = `http://localhost:${env.GATEWAY_PORT}`;
const children = [];
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\n▸ Stopping…');
  await Promise.all(children.map((child) => stopProcess(child)));
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function launch(name, options = {}) {
  const child = startProcess(name, env, { logFile: path.join(logs, `${name}.log`), ...options });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`✖ ${name} exited (${signal ?? code}); see tmp/logs/${name}.log`);
    void stopAll(1);
  });
  children.push(child);
}

const seedChain = env.SEED_DEMO_CHAIN === 'true';
// Before the gateway starts, so that its health says `seeding` from its first answer.
await (seedChain ? markSeeding(env) : markSeeded(env));
console.log('▸ Starting services (each creates and migrates its schema; auth seeds the demo users)…');
for (const service of SERVICES) launch(service.name);
launch('gateway');
for (const app of WEB_APPS) {
  launch(app.name, { script: path.join(ROOT, 'tools/serve-web.js'), args: [app.name, env[app.portVar], gatewayUrl] });
}
try {
  await waitForHealth(gatewayUrl, 90000, { seeding: seedChain });
  if (seedChain) {
    const analyst = { email: 'analyst@tideline.local', password: env.DEMO_PASSWORD };
    const seeded = await seedDemoChain(gatewayUrl, { email: 'data@tideline.local', password: env.DEMO_PASSWORD }, console.log, { lateWeeks: 4 }, analyst);
    await waitForDemoForecast(gatewayUrl, analyst, { seeded });
    await seedDemoStock(gatewayUrl, await tokenOf(gatewayUrl, 'data@tideline.local', env.DEMO_PASSWORD));
    await seedDemoPlans(gatewayUrl, await tokenOf(gatewayUrl, 'manager@tideline.local', env.DEMO_PASSWORD));
    await markSeeded(env);
  }
} catch (error) {
  console.error(`✖ ${error.message}\n  Logs: tmp/logs/`);
  await stopAll(1);
}

const line = '─'.repeat(64);
console.log(`
${line}
 Tideline is running            (logs in tmp/logs/, Ctrl-C stops everything)
${line}
 Forecasting web   http://localhost:${env.FORECASTING_WEB_PORT}
 Planning web      http://localhost:${env.PLANNING_WEB_PORT}
 API gateway       ${gatewayUrl}/api      OpenAPI: ${gatewayUrl}/api/docs
${line}
 Demo logins (password: ${env.DEMO_PASSWORD})
   ${env.ADMIN_EMAIL.padEnd(26)} admin
   data@tideline.local        data engineer
   analyst@tideline.local     forecast analyst
   manager@tideline.local     category manager
   manager2@tideline.local    category manager
${line}`);
