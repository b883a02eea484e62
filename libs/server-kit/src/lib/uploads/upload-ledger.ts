import {
  ErrorCodes,
  ListUploadsQuery,
  Page,
  RejectionsPage,
  RejectionsPageRequest,
  UploadAbortedMessage,
  UploadMeta,
  UploadSealedMessage,
  UploadView,
  addWeeks,
} from '@tideline/contracts';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { DomainError } from '../domain-error';
import { storableText } from './copy-rows';
import { UploaderEnv } from '../config';
import type { Provider } from '@nestjs/common';

const STAGED_PREFIX = 'staged_';
const PREPARED_REMEMBERED = 1000;
/** A sealed, fully staged upload still open this long lost its merge request (dead-lettered, say). */
const STALLED_AFTER = '2 minutes';

/** The tables of the upload job model, created in a service's own schema by its migration. */
export async function createUploadTables(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`CREATE TABLE "${schema}"."uploads" (
    "id" uuid PRIMARY KEY,
    "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'completed', 'failed')),
    "target" text,
    "uploaded_by_id" uuid NOT NULL,
    "uploaded_by_email" text NOT NULL,
    "filename" text,
    "dry_run" boolean NOT NULL,
    "max_rejected_percent" numeric,
    "received_at" timestamptz NOT NULL,
    "chunks_expected" int,
    "sha256" text,
    "bytes" bigint,
    "lines" int,
    "rows_read" int,
    "rows_accepted" int,
    "rows_rejected" int,
    "error" text,
    "duplicate_of" uuid,
    "weeks" date[],
    "series" int,
    "created_at" timestamptz NOT NULL DEFAULT now(),
    "completed_at" timestamptz
  )`);
  await q.query(`CREATE INDEX "uploads_created_at_idx" ON "${schema}"."uploads" ("created_at" DESC)`);
  await q.query(`CREATE INDEX "uploads_sha256_idx" ON "${schema}"."uploads" ("sha256") WHERE "status" = 'completed' AND NOT "dry_run"`);
  await q.query(`CREATE TABLE "${schema}"."upload_chunks" (
    "upload_id" uuid NOT NULL REFERENCES "${schema}"."uploads"("id") ON DELETE CASCADE,
    "seq" int NOT NULL,
    "rows_read" int NOT NULL,
    "rows_rejected" int NOT NULL,
    "processed_at" timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY ("upload_id", "seq")
  )`);
  await q.query(`CREATE TABLE "${schema}"."upload_rejections" (
    "upload_id" uuid NOT NULL REFERENCES "${schema}"."uploads"("id") ON DELETE CASCADE,
    "line" int NOT NULL,
    "column" text NOT NULL,
    "value" text NOT NULL,
    "reason" text NOT NULL
  )`);
  await q.query(`CREATE INDEX "upload_rejections_line_idx" ON "${schema}"."upload_rejections" ("upload_id", "line")`);
}

/** Uploads record the columns an `ignoreColumns` upload left out. */
export function ignoredColumnsMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const name = `UploadIgnoredColumns${timestamp}`;
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${schema}"."uploads" ADD "ignored_columns" text[]`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${schema}"."uploads" DROP COLUMN "ignored_columns"`);
    }
  };
}

interface UploadRow {
  id: string;
  status: 'open' | 'completed' | 'failed';
  target: string | null;
  chunks_expected: number | null;
  chunks_done: number;
  chunk_rows_read: number;
  chunk_rows_rejected: number;
  rows_read: number | null;
  rows_accepted: number | null;
  rows_rejected: number | null;
  error: string | null;
  duplicate_of: string | null;
  dry_run: boolean;
  filename: string | null;
  uploaded_by_email: string;
  created_at: Date;
  completed_at: Date | null;
  weeks: Array<string | Date> | null;
  series: number | null;
  ignored_columns: string[] | null;
}

/** While chunks are still coming in, counts are the running totals of the chunks processed. */
function toView(u: UploadRow): UploadView {
  const final = u.status !== 'open';
  const rowsRead = u.rows_read ?? u.chunk_rows_read;
  const rowsRejected = u.rows_rejected ?? u.chunk_rows_rejected;
  return {
    id: u.id,
    status: final ? (u.status as 'completed' | 'failed') : u.chunks_done > 0 ? 'running' : 'queued',
    rowsRead,
    rowsAccepted: u.rows_accepted ?? (u.status === 'failed' ? 0 : rowsRead - rowsRejected),
    rowsRejected,
    progress: final ? 1 : u.chunks_expected ? Math.min(1, u.chunks_done / Math.max(1, u.chunks_expected)) : 0,
    ...(u.error ? { error: u.error } : {}),
    ...(u.duplicate_of ? { duplicateOf: u.duplicate_of } : {}),
    dryRun: u.dry_run,
    filename: u.filename,
    uploadedBy: u.uploaded_by_email,
    createdAt: u.created_at.toISOString(),
    completedAt: u.completed_at?.toISOString() ?? null,
    ...(u.weeks ? { weeks: u.weeks.map((w) => (typeof w === 'string' ? w : w.toISOString().slice(0, 10))) } : {}),
    ...(u.series !== null ? { series: u.series } : {}),
    ...(u.ignored_columns ? { ignoredColumns: u.ignored_columns } : {}),
  };
}

/**
 * The job model every CSV upload shares (sales, products, stores): the job record created by
 * whichever message arrives first, one claim per chunk so a redelivery changes nothing, counts,
 * rejections, the end states, the read side, and the sweep of uploads no message will end.
 */
export class UploadLedger {
  private readonly uploads: string;
  private readonly chunks: string;
  private readonly rejections: string;
  /** Uploads whose staging table this process has made sure of (a table lives until its upload ends). */
  private readonly prepared = new Set<string>();

  get rejectionsTable(): string {
    return this.rejections;
  }

  /**
   * `abandonedAfterS`: an unsealed upload with no chunk for this long was abandoned by its sender
   * or gateway. `sweepEveryS`: how often the sweeper looks for those (UPLOAD_* in .env.example).
   */
  constructor(
    private readonly schema: string,
    readonly timing: { abandonedAfterS: number; sweepEveryS: number },
  ) {
    this.uploads = `"${schema}"."uploads"`;
    this.chunks = `"${schema}"."upload_chunks"`;
    this.rejections = `"${schema}"."upload_rejections"`;
  }

  async ensure(m: EntityManager, id: string, meta: UploadMeta, target: string | null = meta.target ?? null): Promise<void> {
    await m.query(
      `INSERT INTO ${this.uploads} (id, target, uploaded_by_id, uploaded_by_email, filename, dry_run, max_rejected_percent, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [id, target, meta.uploadedById, meta.uploadedByEmail, meta.filename, meta.dryRun, meta.maxRejectedPercent, meta.receivedAt],
    );
  }

  /**
   * The upload's own staging table, holding its accepted rows until the merge. One table per
   * upload: nothing to filter by upload or index, and dropping it when the upload ends is instant.
   */
  stagingTable(id: string): string {
    return `"${this.schema}"."${STAGED_PREFIX}${id.replace(/-/g, '')}"`;
  }

  /**
   * Creates the upload's staging table (shaped like `template`) if it has none yet, in a short
   * transaction of its own under an advisory lock on the upload, so instances sharing an upload
   * never race to create it (an advisory lock, not the row's: the merge's SKIP LOCKED must not
   * mistake this for a merge). An upload that has ended gets none.
   * - Plain: one UNLOGGED table, no WAL for rows that live minutes (a database crash empties it,
   *   which `stagedIntact` turns into a failed upload, never a partial one).
   * - `byWeek`: a table partitioned by `week`, one partition per week (see prepareStagingWeeks),
   *   whose `upload_id` defaults to the upload: each week's partition can then be moved whole
   *   into a destination partitioned the same way, with no second insert. Logged: a partition
   *   attached elsewhere must be.
   */
  async prepareStaging(ds: DataSource, id: string, meta: UploadMeta, template: string, byWeek = false): Promise<void> {
    if (this.prepared.has(id)) return; // this process made sure of it already: save a transaction a chunk
    await this.underStagingLock(ds, id, meta, async (m) => {
      const table = this.stagingTable(id);
      if (!byWeek) return m.query(`CREATE UNLOGGED TABLE IF NOT EXISTS ${table} (LIKE ${template})`);
      if (await this.hasStaging(m, id)) return;
      await m.query(`CREATE TABLE ${table} (LIKE ${template} INCLUDING DEFAULTS) PARTITION BY RANGE (week)`);
      await m.query(`ALTER TABLE ${table} ALTER upload_id SET DEFAULT '${id}'::uuid`);
    });
    if (this.prepared.size >= PREPARED_REMEMBERED) this.prepared.clear();
    this.prepared.add(id);
  }

  /** The partition of a `byWeek` staging table that holds one week (a Monday, YYYY-MM-DD). */
  stagingWeek(id: string, week: string): string {
    return `"${this.schema}"."${STAGED_PREFIX}${id.replace(/-/g, '')}_w${week.replace(/-/g, '')}"`;
  }

  /** Gives a `byWeek` staging table a partition for each of `weeks` it lacks (as prepareStaging, under its lock). */
  async prepareStagingWeeks(ds: DataSource, id: string, meta: UploadMeta, weeks: string[]): Promise<void> {
    const key = (week: string) => `${id} ${week}`;
    const missing = weeks.filter((week) => !this.prepared.has(key(week)));
    if (missing.length === 0) return;
    await this.underStagingLock(ds, id, meta, async (m) => {
      for (const week of missing) {
        const next = addWeeks(week, 1);
        // The CHECK repeats the range: attached elsewhere with the same range, the week needs no scan to prove it.
        await m.query(
          `CREATE TABLE IF NOT EXISTS ${this.stagingWeek(id, week)} PARTITION OF ${this.stagingTable(id)}
           (CONSTRAINT in_week CHECK (week >= '${week}' AND week < '${next}')) FOR VALUES FROM ('${week}') TO ('${next}')`,
        );
      }
    });
    if (this.prepared.size >= PREPARED_REMEMBERED) this.prepared.clear();
    missing.forEach((week) => this.prepared.add(key(week)));
  }

  private async underStagingLock(ds: DataSource, id: string, meta: UploadMeta, work: (m: EntityManager) => Promise<unknown>) {
    await ds.transaction(async (m) => {
      await this.ensure(m, id, meta);
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${this.uploads} staging ${id}`]);
      const [row] = await m.query(`SELECT status FROM ${this.uploads} WHERE id = $1`, [id]);
      if (row?.status === 'open') await work(m);
    });
  }

  /** False for an upload no chunk has reached (a header-only file). */
  async hasStaging(m: EntityManager | DataSource, id: string): Promise<boolean> {
    const [{ exists }] = await m.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [this.stagingTable(id)]);
    return exists;
  }

  private dropStaging(m: EntityManager | DataSource, id: string) {
    return m.query(`DROP TABLE IF EXISTS ${this.stagingTable(id)}`);
  }

  async isOpen(m: EntityManager, id: string): Promise<boolean> {
    const [row] = await m.query(`SELECT status FROM ${this.uploads} WHERE id = $1`, [id]);
    return row?.status === 'open';
  }

  /**
   * Locks the open upload for its merge; null when it has ended already, or when another merge
   * holds it. Several chunks may each ask for the merge; the extra requests end here at once
   * (if the merge holding the lock fails, its own request is delivered again).
   */
  async lockOpen(m: EntityManager, id: string): Promise<{ dry_run: boolean; sha256: string; max_rejected_percent: string | null; target: string | null } | null> {
    const [row] = await m.query(`SELECT * FROM ${this.uploads} WHERE id = $1 FOR UPDATE SKIP LOCKED`, [id]);
    return row?.status === 'open' ? row : null;
  }

  /** Records a chunk as processed; false when it already was (a redelivery). */
  async claimChunk(m: EntityManager, id: string, seq: number, rowsRead: number, rowsRejected: number): Promise<boolean> {
    const claimed = await m.query(
      `INSERT INTO ${this.chunks} (upload_id, seq, rows_read, rows_rejected) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING seq`,
      [id, seq, rowsRead, rowsRejected],
    );
    return claimed.length > 0;
  }

  async seal(m: EntityManager, id: string, sealed: { chunks: number; sha256: string; bytes: number; lines: number }): Promise<void> {
    await m.query(`UPDATE ${this.uploads} SET chunks_expected = $2, sha256 = $3, bytes = $4, lines = $5 WHERE id = $1`, [
      id,
      sealed.chunks,
      sealed.sha256,
      sealed.bytes,
      sealed.lines,
    ]);
  }

  /** Handles the gateway's `sealed` message: the file arrived whole, with this many chunks. */
  async onSealed(ds: DataSource, message: UploadSealedMessage): Promise<void> {
    await ds.transaction(async (m) => {
      await this.ensure(m, message.jobId, message.meta);
      await this.seal(m, message.jobId, message);
    });
  }

  /** Handles the gateway's `aborted` message: the body stopped before its end. */
  async onAborted(ds: DataSource, message: UploadAbortedMessage): Promise<void> {
    await ds.transaction(async (m) => {
      await this.ensure(m, message.jobId, message.meta);
      await this.fail(m, message.jobId, message.reason);
    });
  }

  /** Ends an open upload as failed and drops what it staged. */
  async fail(m: EntityManager, id: string, reason: string): Promise<void> {
    // The reason may quote the file (a bad header).
    await m.query(`UPDATE ${this.uploads} SET status = 'failed', error = $2, completed_at = now() WHERE id = $1 AND status = 'open'`, [id, storableText(reason)]);
    await this.dropStaging(m, id);
  }

  /** True when the file is sealed and every one of its chunks is processed. */
  async allChunksIn(m: EntityManager, id: string): Promise<boolean> {
    const [row] = await m.query(
      `SELECT u.status, u.chunks_expected, (SELECT count(*)::int FROM ${this.chunks} c WHERE c.upload_id = u.id) AS done
       FROM ${this.uploads} u WHERE u.id = $1`,
      [id],
    );
    return row?.status === 'open' && row.chunks_expected !== null && row.done >= row.chunks_expected;
  }

  async rowsRead(m: EntityManager, id: string): Promise<number> {
    const [{ read }] = await m.query(`SELECT coalesce(sum(rows_read), 0)::int AS read FROM ${this.chunks} WHERE upload_id = $1`, [id]);
    return read;
  }

  /**
   * True when every row read is either staged or rejected. Staging tables are UNLOGGED, so a
   * database crash empties them; this is how the merge notices and fails instead of half-loading.
   */
  async stagedIntact(m: EntityManager, id: string, read: number, stagedRows?: number): Promise<boolean> {
    // A caller that counted the staged rows already has them (and knows the table exists).
    if (stagedRows === undefined && !(await this.hasStaging(m, id))) return false;
    const staged: number = stagedRows ?? (await m.query(`SELECT count(*)::int AS n FROM ${this.stagingTable(id)}`))[0].n;
    return staged + (await this.rejectedLines(m, id)) === read;
  }

  static readonly STAGING_LOST = 'The staged rows were lost in a database restart before the merge; nothing was written. Send the file again.';

  async rejectedLines(m: EntityManager, id: string): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(DISTINCT line)::int AS n FROM ${this.rejections} WHERE upload_id = $1`, [id]);
    return n;
  }

  /** An earlier completed upload of the same content, if any. */
  /** The columns an `ignoreColumns` upload left out (every chunk has the same header: the first one records them). */
  async recordIgnoredColumns(m: EntityManager, id: string, columns: string[]): Promise<void> {
    await m.query(`UPDATE ${this.uploads} SET ignored_columns = $2 WHERE id = $1 AND ignored_columns IS NULL`, [id, columns]);
  }

  async sameContent(m: EntityManager, id: string, sha256: string): Promise<string | null> {
    const [previous] = await m.query(
      `SELECT id FROM ${this.uploads} WHERE sha256 = $1 AND status = 'completed' AND NOT dry_run AND id <> $2 ORDER BY completed_at LIMIT 1`,
      [sha256, id],
    );
    return previous?.id ?? null;
  }

  async complete(m: EntityManager, id: string, result: { read: number; accepted: number; rejected: number; duplicateOf?: string; weeks?: string[]; series?: number }) {
    await m.query(
      `UPDATE ${this.uploads} SET status = 'completed', rows_read = $2, rows_accepted = $3, rows_rejected = $4, duplicate_of = $5,
         weeks = $6, series = $7, error = NULL, completed_at = now() WHERE id = $1`,
      [id, result.read, result.accepted, result.rejected, result.duplicateOf ?? null, result.weeks ?? null, result.series ?? null],
    );
    await this.dropStaging(m, id);
  }

  /** Counts known before a failure still show on the failed upload. */
  async recordCounts(m: EntityManager, id: string, read: number, accepted: number, rejected: number) {
    await m.query(`UPDATE ${this.uploads} SET rows_read = $2, rows_accepted = $3, rows_rejected = $4 WHERE id = $1`, [id, read, accepted, rejected]);
  }

  // ---- read side ----

  private readonly viewSql = () => `
    SELECT u.*, (SELECT count(*)::int FROM ${this.chunks} c WHERE c.upload_id = u.id) AS chunks_done,
           (SELECT coalesce(sum(rows_read), 0)::int FROM ${this.chunks} c WHERE c.upload_id = u.id) AS chunk_rows_read,
           (SELECT coalesce(sum(rows_rejected), 0)::int FROM ${this.chunks} c WHERE c.upload_id = u.id) AS chunk_rows_rejected
    FROM ${this.uploads} u`;

  async view(ds: DataSource, id: string): Promise<UploadView> {
    const [row]: UploadRow[] = await ds.query(`${this.viewSql()} WHERE u.id = $1`, [id]);
    if (!row) {
      throw new DomainError(ErrorCodes.notFound, `No upload with id ${id} (a file still queued is listed once its service picks it up)`, { id });
    }
    return toView(row);
  }

  async list(ds: DataSource, query: ListUploadsQuery, target: string | null = null): Promise<Page<UploadView>> {
    const pageSize = query.pageSize ?? 50;
    const offset = ((query.page ?? 1) - 1) * pageSize;
    const rows: UploadRow[] = await ds.query(
      `${this.viewSql()} WHERE u.target IS NOT DISTINCT FROM $3 ORDER BY u.created_at DESC LIMIT $1 OFFSET $2`,
      [pageSize, offset, target],
    );
    const [{ total }] = await ds.query(`SELECT count(*)::int AS total FROM ${this.uploads} WHERE target IS NOT DISTINCT FROM $1`, [target]);
    return { items: rows.map(toView), total };
  }

  /** The rejections of up to `limit` lines after `afterLine`, all columns of each line together. */
  async rejectionsPage(ds: DataSource, request: RejectionsPageRequest): Promise<RejectionsPage> {
    const items = await ds.query(
      `SELECT line, "column", value, reason FROM ${this.rejections}
       WHERE upload_id = $1 AND line IN (
         SELECT DISTINCT line FROM ${this.rejections} WHERE upload_id = $1 AND line > $2 ORDER BY line LIMIT $3)
       ORDER BY line, "column"`,
      [request.id, request.afterLine, request.limit],
    );
    return { items };
  }

  // ---- sweeping ----

  /** Fails uploads whose file never arrived whole; returns the ids of stalled merges to ask for again. */
  /** Staging tables whose upload has ended (a late redelivery can leave one behind). */
  private async dropOrphanedStaging(ds: DataSource) {
    const orphans: Array<{ id: string }> = await ds.query(
      `SELECT u.id FROM pg_tables t JOIN ${this.uploads} u ON replace(u.id::text, '-', '') = substr(t.tablename, ${STAGED_PREFIX.length + 1})
       WHERE t.schemaname = $1 AND t.tablename LIKE '${STAGED_PREFIX.replace('_', '\\_')}%' AND u.status <> 'open'`,
      [this.schema],
    );
    for (const { id } of orphans) await this.dropStaging(ds, id);
  }

  /**
   * Fails the uploads abandoned mid-file (when `abandon`: the caller knows none of their chunks can
   * still be on the way), drops staging left behind, and names the merges that stalled.
   */
  async sweep(ds: DataSource, { abandon = true } = {}): Promise<{ abandoned: number; stalled: string[] }> {
    const abandoned = abandon ? await this.failAbandoned(ds) : 0;
    await this.dropOrphanedStaging(ds);
    const stalled: Array<{ id: string }> = await ds.query(
      `SELECT id FROM ${this.uploads} u WHERE status = 'open' AND chunks_expected IS NOT NULL
         AND (SELECT count(*) FROM ${this.chunks} c WHERE c.upload_id = u.id) >= chunks_expected
         AND ${this.lastActivity} < now() - interval '${STALLED_AFTER}'`,
    );
    return { abandoned, stalled: stalled.map((s) => s.id) };
  }

  /** When an upload (alias `u`) last moved: its creation or its newest processed chunk. */
  private get lastActivity(): string {
    return `greatest(u.created_at, (SELECT max(c.processed_at) FROM ${this.chunks} c WHERE c.upload_id = u.id))`;
  }

  private async failAbandoned(ds: DataSource): Promise<number> {
    const [, failed] = await ds.query(
      `UPDATE ${this.uploads} u SET status = 'failed', completed_at = now(),
         error = 'The file never arrived completely (the upload stopped mid-file); nothing was kept'
       WHERE status = 'open' AND chunks_expected IS NULL AND ${this.lastActivity} < now() - make_interval(secs => $1)`,
      [this.timing.abandonedAfterS],
    );
    return Number(failed ?? 0);
  }
}

/** The ledger of a service's `schema`, timed by its UPLOAD_* variables (the service's env must be UploaderEnv). */
export function uploadLedgerProvider(schema: string): Provider {
  return {
    provide: UploadLedger,
    useFactory: (env: UploaderEnv) => new UploadLedger(schema, { abandonedAfterS: env.UPLOAD_ABANDONED_AFTER_S, sweepEveryS: env.UPLOAD_SWEEP_EVERY_S }),
    inject: [UploaderEnv],
  };
}
