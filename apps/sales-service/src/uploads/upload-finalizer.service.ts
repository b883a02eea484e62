import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { BatchIngestedEvent, CatalogPatterns, ErrorCodes, SALES_ORDERS_TARGET, SALES_PLANS_TARGET, SALES_STOCK_TARGET, SalesEvents } from '@tideline/contracts';
import { Outbox, RemoteCallError, UploadLedger, sendRpc, serviceClientToken, stepTimer } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { ANY_STORE, SALES_ROWS } from './sales-row';
import { PLAN_ROWS } from './plan-row';
import { STOCK_ROWS } from './stock-row';
import { ORDER_ROWS } from './order-row';
import { attachStagedWeek, buildIndexesAhead, compactQuarters, lockWeeks, weeksWithoutPartition } from '../facts/week-partitions';
import { refreshWeekTotals } from '../facts/week-totals';

const RESOLVE_BATCH = 5000;

/** A row's key in most destinations; `keyLabel` names it in a rejection of a repeated key. */
const WEEK_KEY = { key: ['week', 'store', 'sku'], keyLabel: 'week', upsertAlways: false };

/**
 * Where each kind of upload lands: sales facts (weeks partitioned, mostly new), planned drivers or
 * stock on hand (upserted by week, store and SKU), or purchase order lines (upserted by order,
 * store and SKU: a restated line may move to another due week).
 */
const DESTINATIONS = {
  sales: { table: 'sales.facts', columns: SALES_ROWS.columns, restatedAlso: [], attachesWeeks: true, ...WEEK_KEY },
  // A planned week an analyst entered becomes the upload's.
  plans: { table: 'sales.planned_drivers', columns: PLAN_ROWS.columns, restatedAlso: ['entered_by = NULL'], attachesWeeks: false, ...WEEK_KEY },
  stock: { table: 'sales.stock_on_hand', columns: STOCK_ROWS.columns, restatedAlso: [], attachesWeeks: false, ...WEEK_KEY },
  orders: { table: 'sales.purchase_orders', columns: ORDER_ROWS.columns, restatedAlso: [], attachesWeeks: false, key: ['order_no', 'store', 'sku'], keyLabel: 'order', upsertAlways: true },
};
/** The destination of an upload by its target (none: sales). */
const destinationOf = (target: string | null): Destination =>
  ({ [SALES_PLANS_TARGET]: DESTINATIONS.plans, [SALES_STOCK_TARGET]: DESTINATIONS.stock, [SALES_ORDERS_TARGET]: DESTINATIONS.orders })[target ?? ''] ?? DESTINATIONS.sales;
type Destination = (typeof DESTINATIONS)[keyof typeof DESTINATIONS];
const CATALOG_TIMEOUT_MS = 10_000;
/** GROUPING(week, store, sku) of each set stagedStats keeps: a bit per column the set leaves out (week 4, store 2, sku 1). */
const SETS = { skuWeek: 2, storeWeek: 1, series: 4 } as const;
const CATALOG_RETRY_FOR_MS = 60_000;

/**
 * Turns a fully staged upload into sales facts (or planned drivers) in ONE transaction: unknown
 * stores and SKUs and duplicate keys are rejected, the rejection limit is applied, and the accepted
 * rows replace what was held for the same (week, store, SKU). Either all of it commits or none of it.
 */
@Injectable()
export class UploadFinalizer {
  private readonly logger = new Logger(UploadFinalizer.name);
  private compacting?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ledger: UploadLedger,
    @Inject(serviceClientToken('catalog')) private readonly catalog: ClientProxy,
  ) {}

  async finalize(jobId: string): Promise<void> {
    const staging = this.ledger.stagingTable(jobId);
    const steps = stepTimer();
    let attachedWeeks = 0;
    const announced = await this.dataSource.transaction(async (m) => {
      const upload = await this.ledger.lockOpen(m, jobId);
      if (!upload) return null; // ended already, or being merged on behalf of another request
      // The grouping sets below (statistics, week totals) sort a file's rows: in memory, not on disk.
      await m.query(`SET LOCAL work_mem = '64MB'`);
      const read = await this.ledger.rowsRead(m, jobId);
      if (read === 0) return this.ledger.fail(m, jobId, 'The file has a header but no data rows').then(() => null);
      const destination = destinationOf(upload.target);
      let staged = (await this.ledger.hasStaging(m, jobId)) ? await this.stagedStats(m, staging, destination) : null;
      steps.lap('statistics');
      if (!staged || !(await this.ledger.stagedIntact(m, jobId, read, staged.rows))) {
        return this.ledger.fail(m, jobId, UploadLedger.STAGING_LOST).then(() => null);
      }

      const duplicateOf = upload.dry_run ? null : await this.ledger.sameContent(m, jobId, upload.sha256);
      if (duplicateOf) return this.ledger.complete(m, jobId, { read, accepted: 0, rejected: 0, duplicateOf }).then(() => null);

      const unknownStores = await this.unknownCodes(staged.stores.filter((store) => store !== ANY_STORE), CatalogPatterns.resolveStores);
      const unknownSkus = await this.unknownCodes(staged.skus, CatalogPatterns.resolveProducts);
      if (unknownStores.length > 0 || unknownSkus.length > 0) {
        await this.rejectWhere(m, jobId, 'store', unknownStores, 'unknown store: not in the catalog');
        await this.rejectWhere(m, jobId, 'sku', unknownSkus, 'unknown SKU: not in the catalog');
        staged = await this.stagedStats(m, staging, destination);
      }
      steps.lap('catalog check');
      const { weeks, series } = staged;
      const limit = upload.max_rejected_percent === null ? null : Number(upload.max_rejected_percent);
      /** Counts what is left to accept, records the counts, and fails the upload if that is nothing or the limit is passed. */
      const accepts = async (accepted: number) => {
        const rejected = await this.ledger.rejectedLines(m, jobId);
        await this.ledger.recordCounts(m, jobId, read, accepted, rejected);
        const reason = refusal(read, accepted, rejected, limit);
        if (reason) await this.ledger.fail(m, jobId, reason);
        return reason ? null : { accepted, rejected };
      };

      // Duplicate keys within the file are rare: the merge itself detects them (the unique key
      // refuses the second row), and only then are they found, rejected, and the merge redone.
      // (Rejecting them leaves the weeks and series as they are: each repeat has a kept first line.)
      const recount = async () => (await m.query(`SELECT count(*)::int AS n FROM ${staging}`))[0].n as number;
      if (upload.dry_run) await this.rejectDuplicateKeys(m, jobId, destination);
      let counts = await accepts(upload.dry_run ? await recount() : staged.rows);
      if (!counts) return null;
      // Indexes are built ahead only on staged rows this transaction has not changed (a change
      // holds locks that a build on another connection would wait for).
      const untouched = unknownStores.length === 0 && unknownSkus.length === 0;
      let merged = upload.dry_run ? null : await this.merge(m, jobId, weeks, destination, untouched);
      let setsCurrent = true; // the staged sums (stagedStats) still describe the staged rows
      if (merged === false) {
        await this.rejectDuplicateKeys(m, jobId, destination);
        setsCurrent = false;
        counts = await accepts(await recount());
        if (!counts) return null;
        merged = await this.merge(m, jobId, weeks, destination, false);
      }
      steps.lap('merge');
      if (merged && destination === DESTINATIONS.sales) {
        // An attached week's totals are the file's own: summed already by stagedStats.
        attachedWeeks = merged.attached.length;
        const fromFile = setsCurrent ? merged.attached : [];
        await refreshWeekTotals(m, weeks.filter((week) => !fromFile.includes(week)));
        await m.query(
          `INSERT INTO sales.week_totals (side, code, week, units, revenue, revenue_rows)
           SELECT CASE WHEN sku IS NULL THEN 'store' ELSE 'sku' END, coalesce(sku, store), week, units, revenue, revenue_rows
           FROM pg_temp.staged_sets WHERE g <> ${SETS.series} AND week = ANY($1::date[])`,
          [fromFile],
        );
      }
      steps.lap('week totals');
      await this.ledger.complete(m, jobId, { read, ...counts, weeks, series });
      // Plans, stock and orders change no sales history: the next forecast run (or plan) reads them.
      if (upload.dry_run || destination !== DESTINATIONS.sales) return false;
      await this.outbox.add(m, SalesEvents.batchIngested, { uploadId: jobId, weeks, series, rows: counts.accepted } satisfies BatchIngestedEvent);
      return true;
    });
    this.logger.log(`Upload ${jobId} finalized: ${steps.laps()}`);
    if (announced) void this.outbox.flush(); // and if the broker is away, the relay retries
    if (attachedWeeks > 0) this.compactSoon();
  }

  /** Merges old weekly partitions per quarter (compactQuarters), in the background, once at a time. */
  private compactSoon() {
    if (this.compacting) return;
    this.compacting = compactQuarters(this.dataSource)
      .then((quarters) => {
        if (quarters > 0) this.logger.log(`Merged the weekly partitions of ${quarters} quarter(s) of sales facts`);
      })
      .catch((error: Error) => this.logger.warn(`Merging weekly partitions failed (tried again after the next upload): ${error.message}`))
      .finally(() => (this.compacting = undefined));
  }

  /**
   * Puts the staged rows into the destination; false (with nothing changed) when the file repeats a
   * key. The usual weekly file holds weeks the destination has no rows of:
   * - sales facts: each such week that no partition takes yet is attached whole as its own
   *   partition (attachStagedWeek: no row copied);
   * - otherwise a plain INSERT, which costs far less than an upsert.
   * Restatement: a (week, store, SKU) already present takes the new values.
   * Returns the weeks attached, or false (nothing changed) when the file repeats a key.
   */
  private async merge(
    m: EntityManager,
    jobId: string,
    weeks: string[],
    { table, columns, restatedAlso, attachesWeeks, key, upsertAlways }: Destination,
    indexesAhead: boolean,
  ): Promise<{ attached: string[] } | false> {
    // Merges (and compactions) touching the same weeks take turns, so the "not held yet" answer
    // below stays true until this transaction commits.
    await lockWeeks(m, table, weeks);
    // (An always-upserted destination does not ask which weeks it holds.)
    const [{ held }]: Array<{ held: string[] }> = upsertAlways
      ? [{ held: [] }]
      : await m.query(
          `SELECT coalesce(array_agg(to_char(w, 'YYYY-MM-DD')), '{}') AS held FROM unnest($1::date[]) w WHERE EXISTS (SELECT 1 FROM ${table} f WHERE f.week = w)`,
          [weeks],
        );
    const staging = this.ledger.stagingTable(jobId);
    const attached = attachesWeeks ? await weeksWithoutPartition(m, weeks.filter((week) => !held.includes(week))) : [];
    const select = `SELECT ${columns.join(', ')}, $1::uuid, now() FROM ${staging}`;
    const into = `INSERT INTO ${table} (${columns.join(', ')}, upload_id, updated_at)`;
    const restated = [...[...columns.filter((c) => !key.includes(c)), 'upload_id', 'updated_at'].map((c) => `${c} = EXCLUDED.${c}`), ...restatedAlso].join(', ');
    const upsert = `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${restated}`;
    if (indexesAhead && attached.length > 0) await buildIndexesAhead(this.dataSource, attached.map((week) => this.ledger.stagingWeek(jobId, week)));
    await m.query('SAVEPOINT merge');
    try {
      if (attached.length > 0) await m.query(`SET LOCAL maintenance_work_mem = '256MB'`); // each index built in one sort
      for (const week of attached) await attachStagedWeek(m, staging, this.ledger.stagingWeek(jobId, week), week);
      // (an attached week has left the staging table)
      if (upsertAlways) await m.query(`${into} ${select} ${upsert}`, [jobId]);
      else {
        if (held.length + attached.length < weeks.length) await m.query(`${into} ${select} WHERE week <> ALL($2::date[])`, [jobId, held]);
        if (held.length > 0) await m.query(`${into} ${select} WHERE week = ANY($2::date[]) ${upsert}`, [jobId, held]);
      }
      await m.query('RELEASE SAVEPOINT merge');
      return { attached };
    } catch (error) {
      // 23505: a plain INSERT or a primary key's build met the same key twice; 21000: an upsert did.
      if (!['23505', '21000'].includes((error as { driverError?: { code?: string } }).driverError?.code ?? '')) throw error;
      await m.query('ROLLBACK TO SAVEPOINT merge');
      return false;
    }
  }

  private async rejectWhere(m: EntityManager, jobId: string, column: 'store' | 'sku', codes: string[], reason: string) {
    if (codes.length === 0) return; // nothing to reject: skip two scans
    const staging = this.ledger.stagingTable(jobId);
    await m.query(
      `INSERT INTO sales.upload_rejections (upload_id, line, "column", value, reason)
       SELECT $1, line, '${column}', ${column}, $3 FROM ${staging} WHERE ${column} = ANY($2)`,
      [jobId, codes, reason],
    );
    await m.query(`DELETE FROM ${staging} WHERE ${column} = ANY($1)`, [codes]);
  }

  /** The first occurrence of a key (a week, store and SKU; an order, store and SKU) in the file wins; each later one is rejected. */
  private async rejectDuplicateKeys(m: EntityManager, jobId: string, { key, keyLabel }: Destination) {
    const staging = this.ledger.stagingTable(jobId);
    const ranked = `SELECT line, ${key.join(', ')}, min(line) OVER (PARTITION BY ${key.join(', ')}) AS first FROM ${staging}`;
    await m.query(
      `INSERT INTO sales.upload_rejections (upload_id, line, "column", value, reason)
       SELECT $1, line, '${keyLabel}', ${key.map((c) => `${c}::text`).join(` || ' ' || `)}, 'duplicate of line ' || first FROM (${ranked}) r WHERE line <> first`,
      [jobId],
    );
    await m.query(`DELETE FROM ${staging} s USING (${ranked}) r WHERE s.line = r.line AND r.line <> r.first`);
  }

  /**
   * What the merge needs to know of the staged rows, in ONE scan (a hash table per grouping set):
   * their count, weeks, stores, SKUs, and the number of (store, SKU) series. The sets are kept for
   * the transaction in pg_temp.staged_sets, with the units and revenue of each SKU's and each
   * store's week: the week totals of a week the file brings whole.
   */
  private async stagedStats(m: EntityManager, staging: string, { attachesWeeks }: Destination): Promise<StagedStats> {
    const sums = attachesWeeks ? 'sum(units) AS units, sum(revenue) AS revenue, count(revenue) AS revenue_rows' : '0 AS none'; // (plans have no units)
    await m.query(`DROP TABLE IF EXISTS pg_temp.staged_sets`);
    await m.query(
      `CREATE TEMP TABLE staged_sets ON COMMIT DROP AS
       SELECT week, store, sku, count(*) AS n, ${sums}, GROUPING(week, store, sku) AS g
       FROM ${staging} GROUP BY GROUPING SETS ((sku, week), (store, week), (store, sku))`,
    );
    const [stats] = await m.query(
      `SELECT coalesce((SELECT sum(n) FROM staged_sets WHERE g = ${SETS.skuWeek}), 0)::int AS rows,
         coalesce((SELECT array_agg(DISTINCT to_char(week, 'YYYY-MM-DD')) FROM staged_sets WHERE g = ${SETS.storeWeek}), '{}') AS weeks,
         coalesce((SELECT array_agg(DISTINCT store) FROM staged_sets WHERE g = ${SETS.storeWeek}), '{}') AS stores,
         coalesce((SELECT array_agg(DISTINCT sku) FROM staged_sets WHERE g = ${SETS.skuWeek}), '{}') AS skus,
         (SELECT count(*) FROM staged_sets WHERE g = ${SETS.series})::int AS series`,
    );
    return stats;
  }

  /** The codes the catalog does not know, asked in batches; waits out a catalog restart. */
  private async unknownCodes(codes: string[], pattern: typeof CatalogPatterns.resolveStores | typeof CatalogPatterns.resolveProducts) {
    const known = new Set<string>();
    for (let i = 0; i < codes.length; i += RESOLVE_BATCH) {
      const reply = await this.withCatalogRetry(() =>
        sendRpc(this.catalog, pattern, { codes: codes.slice(i, i + RESOLVE_BATCH) }, CATALOG_TIMEOUT_MS),
      );
      reply.known.forEach((code) => known.add(code));
    }
    return codes.filter((code) => !known.has(code));
  }

  private async withCatalogRetry<T>(call: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + CATALOG_RETRY_FOR_MS;
    for (;;) {
      try {
        return await call();
      } catch (error) {
        const unavailable = error instanceof RemoteCallError && error.remote.code === ErrorCodes.serviceUnavailable;
        if (!unavailable || Date.now() > deadline) throw error;
        this.logger.warn('Catalog unavailable; retrying in 2 s');
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }
}

interface StagedStats {
  rows: number;
  weeks: string[];
  stores: string[];
  skus: string[];
  series: number;
}

/** Why an upload with these counts commits nothing, if it does not. */
function refusal(read: number, accepted: number, rejected: number, limit: number | null): string | null {
  if (accepted === 0) return `No usable rows: all ${read} rows were rejected (see rejections.csv)`;
  const percent = (rejected * 100) / read;
  if (limit !== null && percent > limit) {
    return `${rejected} of ${read} rows (${percent.toFixed(2)}%) were rejected, above maxRejectedPercent=${limit}; nothing was written`;
  }
  return null;
}
