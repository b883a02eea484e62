// Prints, as RabbitMQ definitions (JSON), the whole topology (the events exchange, every queue
// with its dead-letter queue, every binding) and one broker user per service and one for the
// gateway, each with the least permissions it needs (brokerGrant, from the contracts). Declaring the
// topology here, with the broker's own rights, means no service needs rights on another's queues,
// and an event published before its consumer ever started is kept. Whoever creates the users imports it: `npm start` and the tests with `rabbitmqctl import_definitions`
// (tools/broker-users.js), compose's broker at boot (docker-compose.yml).
//
// Environment: BROKER_VHOST (default "/"), BROKER_USER_PREFIX (default "tideline-"), and each user's
// password in BROKER_PASSWORD_<USER>, e.g. BROKER_PASSWORD_AUTH, BROKER_PASSWORD_GATEWAY.
import 'reflect-metadata';
import { BrokerUsers, EVENTS_EXCHANGE, ServiceNames, brokerGrant, permissionPattern } from '@tideline/contracts';
import { topologyOf } from '@tideline/server-kit';
import { createHash, randomBytes } from 'node:crypto';

/** RabbitMQ's rabbit_password_hashing_sha256: base64(salt ‖ SHA-256(salt ‖ password)), with a 4-byte salt. */
function passwordHash(password: string): string {
  const salt = randomBytes(4);
  return Buffer.concat([salt, createHash('sha256').update(Buffer.concat([salt, Buffer.from(password, 'utf8')])).digest()]).toString('base64');
}

const vhost = process.env['BROKER_VHOST'] || '/';
const prefix = process.env['BROKER_USER_PREFIX'] ?? 'tideline-';
const missing = BrokerUsers.filter((user) => !process.env[`BROKER_PASSWORD_${user.toUpperCase()}`]);
if (missing.length > 0) {
  process.stderr.write(`broker-definitions: set ${missing.map((user) => `BROKER_PASSWORD_${user.toUpperCase()}`).join(', ')}\n`);
  process.exit(78);
}

const topology = ServiceNames.map(topologyOf);
const definitions = {
  vhosts: [{ name: vhost }],
  exchanges: [{ name: EVENTS_EXCHANGE, vhost, type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} }],
  queues: topology.flatMap(({ queues }) => queues.map(([name, options]) => ({ name, vhost, durable: options.durable, auto_delete: false, arguments: options.arguments }))),
  bindings: topology.flatMap(({ bindings }) =>
    bindings.map(([queue, pattern]) => ({ source: EVENTS_EXCHANGE, vhost, destination: queue, destination_type: 'queue', routing_key: pattern, arguments: {} })),
  ),
  users: BrokerUsers.map((user) => ({
    name: `${prefix}${user}`,
    password_hash: passwordHash(process.env[`BROKER_PASSWORD_${user.toUpperCase()}`] as string),
    hashing_algorithm: 'rabbit_password_hashing_sha256',
    tags: '',
  })),
  permissions: BrokerUsers.map((user) => {
    const grant = brokerGrant(user);
    return {
      user: `${prefix}${user}`,
      vhost,
      configure: permissionPattern(grant.configure),
      write: permissionPattern(grant.write),
      read: permissionPattern(grant.read),
    };
  }),
};
process.stdout.write(JSON.stringify(definitions, null, 2) + '\n');
