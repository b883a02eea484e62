import type { EntityManager, QueryRunner } from 'typeorm';

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

/**
 * Moves a staged week (a partition of an upload's staging table, shaped like sales.facts plus
 * `line`) into sales.facts as that week's partition: detached, renamed, and attached, which builds
 * its two indexes in one sorted pass each and checks the range with one scan. No row is copied.
 * A key the file repeats fails the primary key's build (23505), as a repeated key fails an INSERT.
 */
export async function attachStagedWeek(m: Queryable, staging: string, stagedWeek: string, week: string): Promise<void> {
  const name = `facts_w${week.replace(/-/g, '')}`;
  await m.query(`ALTER TABLE ${staging} DETACH PARTITION ${stagedWeek}`);
  await m.query(`ALTER TABLE ${stagedWeek} DROP COLUMN line, ALTER upload_id DROP DEFAULT`);
  await m.query(`ALTER TABLE ${stagedWeek} RENAME TO ${name}`);
  await m.query(`ALTER TABLE sales.facts ATTACH PARTITION sales.${name} FOR VALUES FROM ('${week}') TO ('${weekAfter(week)}')`);
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
