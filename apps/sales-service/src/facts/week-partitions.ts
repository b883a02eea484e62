import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

type Queryable = Pick<EntityManager | QueryRunner, 'query'>;

/** The dates a partition of sales.facts takes, from its bound ("FOR VALUES FROM ('…') TO ('…')"); none for DEFAULT. */
const PARTITION_RANGES = `
  SELECT c.relname AS name, dates[1]::date AS "from", dates[2]::date AS "to"
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  LEFT JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([0-9-]+)''\\) TO \\(''([0-9-]+)''\\)') AS bound(dates) ON true
  WHERE i.inhparent = 'sales.facts'::regclass`;

/** The Monday a week after `week` (both YYYY-MM-DD). */
export const weekAfter = (week: string) => new Date(Date.parse(`${week}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);

/** Those of `weeks` (YYYY-MM-DD) that no range partition of sales.facts takes. */
export async function weeksWithoutPartition(m: Queryable, weeks: string[]): Promise<string[]> {
  const [{ free }] = await m.query(
    `SELECT coalesce(array_agg(to_char(w, 'YYYY-MM-DD') ORDER BY w), '{}') AS free FROM unnest($1::date[]) w
     WHERE NOT EXISTS (SELECT 1 FROM (${PARTITION_RANGES}) p WHERE w >= p."from" AND w < p."to")`,
    [weeks],
  );
  return free;
}

/** The name (unquoted, no schema) of an index built ahead on a staged week, e.g. `"sales"."staged_…_w20261130"` → `staged_…_w20261130_key`. */
const aheadIndex = (stagedWeek: string, suffix: 'key' | 'series') => `${stagedWeek.split('.').pop()?.replace(/"/g, '')}_${suffix}`;

/**
 * Builds the two indexes of staged weeks ahead of their attach, on two connections of their own,
 * one index each: the two sorts run side by side instead of in turn inside the merge's
 * transaction, which only reads the staged weeks meanwhile (a CREATE INDEX does not wait on that).
 * Best effort: a build that fails (a repeated key) or waits on a lock leaves the rest to the attach.
 */
export async function buildIndexesAhead(ds: DataSource, stagedWeeks: string[]): Promise<void> {
  const build = async (statement: (stagedWeek: string) => string) => {
    const runner = ds.createQueryRunner();
    try {
      await runner.query(`SET lock_timeout = '2s'`);
      await runner.query(`SET maintenance_work_mem = '256MB'`);
      for (const stagedWeek of stagedWeeks) await runner.query(statement(stagedWeek));
    } catch {
      // the attach builds what is missing, and meets a repeated key itself
    } finally {
      await runner.release();
    }
  };
  await Promise.all([
    build((w) => `CREATE UNIQUE INDEX IF NOT EXISTS ${aheadIndex(w, 'key')} ON ${w} (week, store, sku)`),
    build((w) => `CREATE INDEX IF NOT EXISTS ${aheadIndex(w, 'series')} ON ${w} (sku, store, week)`),
  ]);
}

/**
 * Moves a staged week (a partition of an upload's staging table, shaped like sales.facts plus
 * `line`) into sales.facts as that week's partition: detached, renamed, and attached, which takes
 * the indexes built ahead (buildIndexesAhead) and builds those missing in one sorted pass each;
 * the staged week's CHECK of its range spares the scan that would prove it. No row is copied. A
 * key the file repeats fails the primary key's build (23505), as a repeated key fails an INSERT.
 */
export async function attachStagedWeek(m: Queryable, staging: string, stagedWeek: string, week: string): Promise<void> {
  const name = `facts_w${week.replace(/-/g, '')}`;
  const [key, series] = [aheadIndex(stagedWeek, 'key'), aheadIndex(stagedWeek, 'series')];
  const [built] = await m.query(`SELECT to_regclass($1) IS NOT NULL AS key, to_regclass($2) IS NOT NULL AS series`, [`sales."${key}"`, `sales."${series}"`]);
  // One round trip: the statements of an attach, in order (no parameters, so one query string).
  await m.query(
    [
      `ALTER TABLE ${staging} DETACH PARTITION ${stagedWeek}`,
      `ALTER TABLE ${stagedWeek} DROP COLUMN line, ALTER upload_id DROP DEFAULT`,
      `ALTER TABLE ${stagedWeek} RENAME TO ${name}`,
      ...(built.key ? [`ALTER TABLE sales.${name} ADD CONSTRAINT ${name}_pkey PRIMARY KEY USING INDEX "${key}"`] : []),
      ...(built.series ? [`ALTER INDEX sales."${series}" RENAME TO ${name}_series`] : []),
      `ALTER TABLE sales.facts ATTACH PARTITION sales.${name} FOR VALUES FROM ('${week}') TO ('${weekAfter(week)}')`,
    ].join('; '),
  );
}

/**
 * The layout that lets new weeks be attached: partitions with no rows are dropped, and each one
 * holding rows is narrowed to the weeks from its first to its last, so that every other week is
 * free for a partition of its own. A DEFAULT partition holding rows stays (weeks outside 2015-2035).
 */
export async function narrowFactPartitions(q: Queryable): Promise<void> {
  const partitions: Array<{ name: string; from: string | null }> = await q.query(PARTITION_RANGES);
  for (const { name, from } of partitions) {
    const table = `sales."${name}"`;
    const [span] = await q.query(`SELECT to_char(min(week), 'YYYY-MM-DD') AS first, to_char(max(week), 'YYYY-MM-DD') AS last FROM ${table}`);
    if (span.first === null) {
      await q.query(`DROP TABLE ${table}`);
    } else if (from !== null) {
      await q.query(`ALTER TABLE sales.facts DETACH PARTITION ${table}`);
      await q.query(`ALTER TABLE sales.facts ATTACH PARTITION ${table} FOR VALUES FROM ('${span.first}') TO ('${weekAfter(span.last)}')`);
    }
  }
}
