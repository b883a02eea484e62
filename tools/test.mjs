// `npm test`: lint, unit and component tests, builds, then the system tests (real PostgreSQL,
// RabbitMQ, service processes and Chromium). Ends with one line counting every test.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ROOT, installIfNeeded, loadEnv, requireDependencies } = require('./system.js');
const { ensureChromium, ensureKubectl } = require('./machine-deps.js');

installIfNeeded();
await requireDependencies(loadEnv());
ensureChromium();
ensureKubectl();

const results = path.join(ROOT, 'test-output/jest');
fs.rmSync(results, { recursive: true, force: true });

const nx = (args) =>
  spawnSync('npx', ['nx', ...args, '--outputStyle=static'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NG_CLI_ANALYTICS: 'false' },
  }).status;

// The system tests run the built apps, so they need the first step to pass.
const checks = nx(['run-many', '-t', 'lint', 'test', 'build']);
const system = checks === 0 ? nx(['run', 'system-e2e:e2e']) : 1;

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of walk(results)) {
  const counts = JSON.parse(fs.readFileSync(path.join(results, file), 'utf8'));
  for (const key of Object.keys(totals)) totals[key] += counts[key];
}
const failedSteps = [checks !== 0 && 'lint/test/build', system !== 0 && 'system tests'].filter(Boolean);
if (checks !== 0) console.log('\n✖ lint, unit tests or builds failed, so the system tests did not run.');
console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (failedSteps.length > 0) console.log(`✖ failed: ${failedSteps.join(', ')}`);
process.exit(failedSteps.length > 0 ? 1 : 0);

/** Every file below `dir`, as paths relative to it (Node 20 has no fs.globSync). */
function walk(dir, prefix = '') {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(path.join(dir, entry.name), path.join(prefix, entry.name)) : [path.join(prefix, entry.name)],
  );
}
