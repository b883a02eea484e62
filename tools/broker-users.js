// One RabbitMQ user for every service and one for the gateway, each limited to its own queues
// (apps/broker-definitions prints them from the contracts), created with `rabbitmqctl
// import_definitions`: by `npm start` on the configured virtual host, and by every test run on its own.
'use strict';
const { execFile } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const RABBITMQCTL = process.env.RABBITMQCTL || 'rabbitmqctl';
const DEFINITIONS = path.join(ROOT, 'dist/apps/broker-definitions/main.js');
const ROLES = ['auth', 'catalog', 'sales', 'forecast', 'planning', 'gateway'];

/** The variable that carries a role's broker URL to its process (tools/system.js processEnv). */
const urlVariable = (role) => `RABBITMQ_URL_${role.toUpperCase()}`;

const vhostOf = (url) => decodeURIComponent(new URL(url).pathname.slice(1)) || '/';

function withCredentials(url, user, password) {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = password;
  return parsed.toString();
}

/** Connects as `url`'s user until it is let in: the broker applies imported definitions asynchronously. */
async function waitUntilLetIn(url, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      // Loaded here, not at the top: npm start reads this file before it has installed the packages.
      const connection = await require('amqplib').connect(url);
      connection.on('error', () => undefined);
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`The broker did not let ${new URL(url).username} in: ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * `rabbitmqctl import_definitions`. Its standard input form does not work in RabbitMQ 3.10, and
 * rabbitmqctl runs as the broker's own user, so the file sits in a folder others cannot list
 * (0711) under a random name, and is removed at once.
 */
async function importDefinitions(definitions) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tideline-broker-'));
  const file = path.join(folder, `${randomBytes(12).toString('hex')}.json`);
  try {
    fs.chmodSync(folder, 0o711);
    fs.writeFileSync(file, JSON.stringify(definitions), { mode: 0o644 });
    await run(RABBITMQCTL, ['import_definitions', file]).catch((error) => {
      throw new Error(`rabbitmqctl import_definitions failed: ${error.stderr || error.message}`);
    });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Creates (or gives new passwords to) the users `<prefix><role>` on the virtual host of `brokerUrl`,
 * which must exist, and adds `extra` definitions (a test run's virtual host and guest's rights on it).
 * Resolves with `RABBITMQ_URL_<ROLE>` for every role: `brokerUrl` with that user's credentials.
 */
async function createBrokerUsers(brokerUrl, prefix, extra = {}) {
  const passwords = Object.fromEntries(ROLES.map((role) => [`BROKER_PASSWORD_${role.toUpperCase()}`, randomBytes(18).toString('base64url')]));
  const { stdout } = await run(process.execPath, [DEFINITIONS], {
    env: { ...process.env, ...passwords, BROKER_VHOST: vhostOf(brokerUrl), BROKER_USER_PREFIX: prefix },
  });
  const definitions = JSON.parse(stdout);
  for (const [key, items] of Object.entries(extra)) definitions[key] = [...(definitions[key] ?? []), ...items];
  await importDefinitions(definitions);
  const urls = Object.fromEntries(ROLES.map((role) => [urlVariable(role), withCredentials(brokerUrl, `${prefix}${role}`, passwords[`BROKER_PASSWORD_${role.toUpperCase()}`])]));
  await Promise.all(Object.values(urls).map((url) => waitUntilLetIn(url)));
  return urls;
}

/** Removes the users `<prefix><role>`. */
async function deleteBrokerUsers(prefix) {
  await Promise.all(ROLES.map((role) => run(RABBITMQCTL, ['delete_user', `${prefix}${role}`]).catch(() => undefined)));
}

module.exports = { createBrokerUsers, deleteBrokerUsers, urlVariable };
