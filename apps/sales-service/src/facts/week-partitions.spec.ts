import { addWeeks } from '@tideline/contracts';
import { serviceDataSourceOptions, ensureDatabase } from '@tideline/server-kit';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SALES_MIGRATIONS, SALES_SCHEMA } from '../migrations';
import { WeeklyPartitions1766600000000 } from '../migrations/1766600000000-weekly-partitions';
import { attachStagedWeek, buildIndexesAhead, compactQuarters, quartersToCompact, weeksWithoutPartition } from './week-partitions';

// Against the real Postgres, in a database of its own that the test drops.
const SERVER = process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432';
const DATABASE = `sales_partitions_${process.pid}`;
const url = `${SERVER}/${DATABASE}`;
const connect = (migrations: typeof SALES_MIGRATIONS) =>
  new DataSource(serviceDataSourceOptions({ url, schema: SALES_SCHEMA, entities: [], migrations })).initialize();
const UPLOAD = '00000000-0000-4000-8000-000000000001';

describe('weekly partitions of sales.facts (real Postgres)', () => {
  let ds: DataSource;

  beforeAll(async () => {
    await ensureDatabase(url, SALES_SCHEMA);
    // A database as the earlier layout left it: yearly partitions, 2025 holding three weeks.
    const before = await connect(SALES_MIGRATIONS.slice(0, SALES_MIGRATIONS.indexOf(WeeklyPartitions1766600000000)));
    await before.runMigrations();
    await before.query(
      `INSERT INTO sales.facts (week, store, sku, units, upload_id) SELECT w, 'S1', 'A', 1, $1 FROM unnest('{2025-03-03,2025-03-10,2025-03-17}'::date[]) w`,
      [UPLOAD],
    );
    await before.destroy();
    ds = await connect(SALES_MIGRATIONS);
    await ds.runMigrations();
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    const admin = new Client({ connectionString: `${SERVER}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.end();
  });

  it('narrows a partition holding rows to its weeks and drops the empty ones', async () => {
    const partitions = await ds.query(`SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sales.facts'::regclass`);
    expect(partitions).toEqual([{ name: 'facts_2025', bound: "FOR VALUES FROM ('2025-03-03') TO ('2025-03-24')" }]);
    expect(await weeksWithoutPartition(ds, ['2025-02-24', '2025-03-03', '2025-03-17', '2025-03-24'])).toEqual(['2025-02-24', '2025-03-24']);
  });

  it('attaches a staged week whole, with the facts’ keys, and refuses a week that repeats a key', async () => {
    const staged = async (week: string, skus: string[]) => {
      await ds.query(`DROP TABLE IF EXISTS sales.stage_test`);
      await ds.query(`CREATE TABLE sales.stage_test (LIKE sales.staging_template INCLUDING DEFAULTS) PARTITION BY RANGE (week)`);
      await ds.query(`CREATE TABLE sales.stage_test_w PARTITION OF sales.stage_test FOR VALUES FROM ('${week}') TO ('2099-01-01')`);
      await ds.query(`INSERT INTO sales.stage_test (line, week, store, sku, units, upload_id) SELECT n, $1, 'S1', sku, n, $2 FROM unnest($3::text[]) WITH ORDINALITY AS s(sku, n)`, [week, UPLOAD, skus]);
    };
    await staged('2025-03-24', ['A', 'B']);
    await buildIndexesAhead(ds, ['sales.stage_test_w']);
    await ds.transaction((m) => attachStagedWeek(m, 'sales.stage_test', 'sales.stage_test_w', '2025-03-24'));
    expect(await ds.query(`SELECT sku, units::int FROM sales.facts WHERE week = '2025-03-24' ORDER BY sku`)).toEqual([{ sku: 'A', units: 1 }, { sku: 'B', units: 2 }]);
    // The indexes built ahead became the partition's own (no second build).
    expect(await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'facts_w20250324' ORDER BY 1`)).toEqual([
      { indexname: 'facts_w20250324_pkey' },
      { indexname: 'facts_w20250324_series' },
    ]);
    expect(await weeksWithoutPartition(ds, ['2025-03-24', '2025-03-31'])).toEqual(['2025-03-31']);

    await staged('2025-03-31', ['A', 'A']);
    await buildIndexesAhead(ds, ['sales.stage_test_w']); // its unique index fails, and is left to the attach
    const repeated = ds.transaction((m) => attachStagedWeek(m, 'sales.stage_test', 'sales.stage_test_w', '2025-03-31'));
    await expect(repeated).rejects.toMatchObject({ driverError: { code: '23505' } });
    expect(await weeksWithoutPartition(ds, ['2025-03-31'])).toEqual(['2025-03-31']);
  });

  it('merges the weekly partitions of a quarter well behind the newest week into one, rows unchanged', async () => {
    const mondays = Array.from({ length: 21 }, (_, i) => addWeeks('2025-04-07', i));
    for (const week of mondays) {
      const name = `facts_w${week.replace(/-/g, '')}`;
      await ds.query(`CREATE TABLE sales.${name} PARTITION OF sales.facts FOR VALUES FROM ('${week}') TO ('${addWeeks(week, 1)}')`);
      await ds.query(`INSERT INTO sales.facts (week, store, sku, units, upload_id) VALUES ($1, 'S1', 'A', 2, $2), ($1, 'S2', 'A', 3, $2)`, [week, UPLOAD]);
    }
    const before = await ds.query(`SELECT week, store, sku, units FROM sales.facts ORDER BY 1, 2, 3`);
    expect(await compactQuarters(ds)).toBe(1);
    const partitions: Array<{ name: string }> = await ds.query(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'sales.facts'::regclass ORDER BY 1`);
    // The second quarter (13 weeks, eight or more behind 2025-08-25) became one partition; the rest stay.
    expect(partitions.map((p) => p.name).sort()).toEqual(['facts_2025', 'facts_r20250407_20250707', 'facts_w20250324', ...mondays.slice(13).map((w) => `facts_w${w.replace(/-/g, '')}`)]);
    expect(await ds.query(`SELECT week, store, sku, units FROM sales.facts ORDER BY 1, 2, 3`)).toEqual(before);
    expect(await compactQuarters(ds)).toBe(0); // nothing more is old enough
  });

  it('leaves a quarter alone while another partition cuts into its span, or it holds a single week', () => {
    const weekly = (from: string) => ({ name: `facts_w${from.replace(/-/g, '')}`, from, to: addWeeks(from, 1) });
    const newest = weekly('2026-06-01');
    expect(quartersToCompact([weekly('2026-01-05'), weekly('2026-01-19'), newest])).toEqual([
      { from: '2026-01-05', to: '2026-01-26', names: ['facts_w20260105', 'facts_w20260119'] },
    ]);
    expect(quartersToCompact([weekly('2026-01-05'), { name: 'facts_2026', from: '2026-01-12', to: '2026-01-19' }, weekly('2026-01-19'), newest])).toEqual([]);
    expect(quartersToCompact([weekly('2026-01-05'), newest])).toEqual([]);
  });
});
