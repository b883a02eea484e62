import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, DataSourceOptions, MixedList } from 'typeorm';

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[a-zA-Z0-9_]+$/.test(name)) throw new Error(`Unsupported database name "${name}" in ${url}`);
  return name;
}

/**
 * Creates the database and the service's schema when they are missing, so a fresh Postgres
 * needs no manual step when a service connects as a superuser. Several services may race to
 * create the shared database; losing that race is fine. A service connecting as its own role
 * finds both made by tools/database-roles.js, and creates nothing.
 */
export async function ensureDatabase(url: string, schema: string): Promise<void> {
  const name = databaseName(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        // 42P04 duplicate_database, 23505 unique_violation: another process created it first.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    // Asked first: a service's own role owns its schema but may not create one (tools/database-roles.js).
    const found = await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (found.rowCount === 0) {
      await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P06' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await db.end();
  }
}

/**
 * TypeORM options of a service: its own schema, and never `synchronize` (only throwaway test
 * databases may use it, and they opt in explicitly). Migrations are run by `connectAndMigrate`.
 */
export function serviceDataSourceOptions(options: {
  url: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    // Not TypeORM's own run on start: it takes no lock, so two instances starting together race to
    // create the same tables (seen: "relation migrations already exists"). See connectAndMigrate.
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}

/**
 * Connects and runs the pending migrations under a Postgres advisory lock on the schema, so
 * instances of a service starting at the same moment take turns: the first migrates, the others
 * wait (and say so) and then find nothing left to do. The lock is the session's, so it also ends
 * if the process dies.
 */
export async function connectAndMigrate(options: DataSourceOptions & { schema?: string }): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  try {
    const runner = dataSource.createQueryRunner();
    try {
      const lock = [`${options.schema ?? 'public'} migrations`];
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, lock);
      if (!locked) {
        Logger.log('Another instance is migrating this schema: waiting for it', 'Migrations');
        await runner.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, lock);
      }
      await dataSource.runMigrations({ transaction: 'each' });
      await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, lock);
    } finally {
      await runner.release();
    }
  } catch (error) {
    // Closing the pool ends every session, the lock's too if the unlock never ran.
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}
