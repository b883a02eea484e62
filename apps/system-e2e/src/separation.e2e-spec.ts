import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { TestSystem } from './support/test-system';

const run = promisify(execFile);
const SERVICES = ['auth', 'catalog', 'sales', 'forecast', 'planning'] as const;

/** Each process reaches the database and the broker as itself, and nothing of another's. */
describe('separation: a database role and a broker user for every service (real processes, Postgres and RabbitMQ)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system?.stop());

  async function asService<T>(service: (typeof SERVICES)[number], work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: system.env[`DATABASE_URL_${service.toUpperCase()}`] });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  it('connects every service to Postgres as its own role, which reads its own schema and is refused every other', async () => {
    const planning = await system.database('planning');
    try {
      const connected = await planning.query<{ usename: string }>('SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND usename <> current_user');
      expect(connected.rows.map((r) => r.usename).sort()).toEqual([`${system.runId}_forecast`, `${system.runId}_planning`, `${system.runId}_sales`]);
    } finally {
      await planning.end();
    }
    for (const service of ['sales', 'forecast', 'planning'] as const) {
      await asService(service, async (client) => {
        expect((await client.query('SELECT current_user AS name')).rows[0].name).toBe(`${system.runId}_${service}`);
        expect((await client.query(`SELECT count(*)::int AS n FROM "${service}".migrations`)).rows[0].n).toBeGreaterThan(0);
        for (const other of ['sales', 'forecast', 'planning'].filter((s) => s !== service)) {
          await expect(client.query(`SELECT count(*) FROM "${other}".migrations`)).rejects.toMatchObject({ code: '42501' });
          await expect(client.query(`CREATE TABLE "${other}".intruder (id int)`)).rejects.toMatchObject({ code: '42501' });
        }
        // Nor may it make databases, roles or schemas of its own.
        await expect(client.query('CREATE DATABASE intruder')).rejects.toMatchObject({ code: '42501' });
        await expect(client.query('CREATE SCHEMA intruder')).rejects.toMatchObject({ code: '42501' });
      });
    }
  });

  it('connects every service and the gateway to RabbitMQ as its own user, and none as guest', async () => {
    const { stdout } = await run(process.env['RABBITMQCTL'] ?? 'rabbitmqctl', ['list_connections', '-q', '--no-table-headers', 'vhost', 'user']);
    const users = new Set(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.split('\t'))
        .filter(([vhost]) => vhost === `tideline_${system.runId}`)
        .map(([, user]) => user),
    );
    expect([...users].sort()).toEqual([...SERVICES, 'gateway'].map((role) => `${system.runId}-${role}`).sort());
  });
});
