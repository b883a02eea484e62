// A Postgres role for every service, owning its own schema and nothing else: no superuser, no
// CREATEDB, no rights on another service's schema. Run with a superuser's URLs by `npm start`, by
// every test run (roles of its own) and by compose's one-shot `database-roles` job. Each service's
// schema is named after it (the *_SCHEMA constants of the apps). Idempotent, and takes over a
// schema an earlier version made as the superuser: its tables, sequences, views and types change owner.
'use strict';
const { randomBytes } = require('node:crypto');

/** Each service and the variable holding the URL of the database it owns a schema in. */
const SERVICE_DATABASES = {
  auth: 'USERS_DATABASE_URL',
  catalog: 'CATALOG_DATABASE_URL',
  sales: 'PLANNING_DATABASE_URL',
  forecast: 'PLANNING_DATABASE_URL',
  planning: 'PLANNING_DATABASE_URL',
};

/** The variable that carries a service's own database URL to its process (tools/system.js processEnv). */
const databaseVariable = (service) => `DATABASE_URL_${service.toUpperCase()}`;

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

async function withClient(url, work) {
  // Loaded here, not at the top: npm start reads this file before it has installed the packages.
  const { Client } = require('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function inDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function ensureDatabase(adminUrl) {
  const name = decodeURIComponent(new URL(adminUrl).pathname.slice(1));
  await withClient(inDatabase(adminUrl, 'postgres'), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`).catch((error) => {
        if (error.code !== '42P04' && error.code !== '23505') throw error; // another process made it first
      });
    }
  });
}

async function ensureRole(client, role, password) {
  await client.query(`DO $$ BEGIN CREATE ROLE ${quoteIdent(role)}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  await client.query(`ALTER ROLE ${quoteIdent(role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(password)}`);
}

/** `role` owns `schema` and everything in it. */
async function ownSchema(client, schema, role) {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)} AUTHORIZATION ${quoteIdent(role)}`);
  await client.query(`ALTER SCHEMA ${quoteIdent(schema)} OWNER TO ${quoteIdent(role)}`);
  // Tables first: a sequence a column owns follows its table (and cannot be given away alone).
  const objects = await client.query(
    `SELECT 'TABLE' AS kind, c.relname AS name FROM pg_class c
       WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND pg_get_userbyid(c.relowner) <> $2
     UNION ALL
     SELECT 'SEQUENCE', c.relname FROM pg_class c
       WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> $2
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
     UNION ALL
     SELECT 'TYPE', t.typname FROM pg_type t
       WHERE t.typnamespace = $1::regnamespace AND t.typtype IN ('e', 'd') AND pg_get_userbyid(t.typowner) <> $2
     ORDER BY 1 DESC`,
    [schema, role],
  );
  for (const { kind, name } of objects.rows) {
    const statement = kind === 'TABLE' ? 'ALTER TABLE' : kind === 'SEQUENCE' ? 'ALTER SEQUENCE' : 'ALTER TYPE';
    await client.query(`${statement} ${quoteIdent(schema)}.${quoteIdent(name)} OWNER TO ${quoteIdent(role)}`);
  }
}

/** A new random password for every service. */
const newPasswords = () => Object.fromEntries(Object.keys(SERVICE_DATABASES).map((service) => [service, randomBytes(18).toString('hex')]));

/**
 * Makes the roles `<prefix><service>` with `passwords[service]` (new random ones by default), each
 * owning its schema in its database (created when missing); `env` holds the superuser URLs
 * (USERS_DATABASE_URL, …). Resolves with `DATABASE_URL_<SERVICE>` for every service: its database
 * URL with its own role.
 */
async function createDatabaseRoles(env, prefix, passwords = newPasswords()) {
  const urls = {};
  for (const [service, variable] of Object.entries(SERVICE_DATABASES)) {
    const role = `${prefix}${service}`;
    await ensureDatabase(env[variable]);
    await withClient(env[variable], async (client) => {
      await ensureRole(client, role, passwords[service]);
      await ownSchema(client, service, role);
    });
    const own = new URL(env[variable]);
    own.username = encodeURIComponent(role);
    own.password = encodeURIComponent(passwords[service]);
    urls[databaseVariable(service)] = own.toString();
  }
  return urls;
}

/** Drops the roles `<prefix><service>` (their databases must be gone, or hold nothing of theirs). */
async function dropDatabaseRoles(adminUrl, prefix) {
  await withClient(inDatabase(adminUrl, 'postgres'), async (client) => {
    for (const service of Object.keys(SERVICE_DATABASES)) await client.query(`DROP ROLE IF EXISTS ${quoteIdent(`${prefix}${service}`)}`);
  });
}

module.exports = { SERVICE_DATABASES, createDatabaseRoles, databaseVariable, dropDatabaseRoles };

// `node tools/database-roles.js` (compose's job): the superuser URLs and DATABASE_PASSWORD_<SERVICE> from the environment.
if (require.main === module) {
  const passwords = Object.fromEntries(Object.keys(SERVICE_DATABASES).map((service) => [service, process.env[`DATABASE_PASSWORD_${service.toUpperCase()}`]]));
  const missing = Object.entries(passwords).filter(([, password]) => !password);
  if (missing.length > 0) {
    console.error(`database-roles: set ${missing.map(([service]) => `DATABASE_PASSWORD_${service.toUpperCase()}`).join(', ')}`);
    process.exit(78);
  }
  createDatabaseRoles(process.env, process.env.DATABASE_ROLE_PREFIX ?? 'tideline_', passwords).then(
    () => console.log('database-roles: every service owns its schema with a role of its own'),
    (error) => {
      console.error(`database-roles: ${error.message}`);
      process.exit(1);
    },
  );
}
