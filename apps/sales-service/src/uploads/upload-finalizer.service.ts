import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { BatchIngestedEvent, CatalogPatterns, ErrorCodes, SalesEvents } from '@tideline/contracts';
import { EventPublisher, RemoteCallError, UploadLedger, sendRpc, serviceClientToken } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';

const RESOLVE_BATCH = 5000;
const CATALOG_TIMEOUT_MS = 10_000;
const CATALOG_RETRY_FOR_MS = 60_000;

/**
 * Turns a fully staged upload into sales facts in ONE transaction: unknown stores and SKUs and
 * duplicate keys are rejected, the rejection limit is applied, and the accepted rows replace what
 * the facts held for the same (week, store, SKU). Either all of it commits or none of it.
 */
@Injectable()
export class UploadFinalizer {
  private readonly logger = new Logger(UploadFinalizer.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly ledger: UploadLedger,
    @Inject(serviceClientToken('catalog')) private readonly catalog: ClientProxy,
  ) {}

  async finalize(jobId: string): Promise<void> {
    if (!(await this.ledger.isOpen(this.dataSource.manager, jobId))) return; // done already: a duplicate request
    const unknownStores = await this.unknownCodes(jobId, 'store', CatalogPatterns.resolveStores);
    const unknownSkus = await this.unknownCodes(jobId, 'sku', CatalogPatterns.resolveProducts);

    const ingested = await this.dataSource.transaction(async (m) => {
      const upload = await this.ledger.lockOpen(m, jobId);
      if (!upload) return null;
      const read = await this.ledger.rowsRead(m, jobId);
      if (read === 0) return this.ledger.fail(m, jobId, 'The file has a header but no data rows').then(() => null);
      if (!(await this.ledger.stagedIntact(m, jobId, '"sales"."staging_rows"', read))) {
        return this.ledger.fail(m, jobId, UploadLedger.STAGING_LOST).then(() => null);
      }

      const duplicateOf = upload.dry_run ? null : await this.ledger.sameContent(m, jobId, upload.sha256);
      if (duplicateOf) return this.ledger.complete(m, jobId, { read, accepted: 0, rejected: 0, duplicateOf }).then(() => null);

      await this.rejectWhere(m, jobId, 'store', `store = ANY($2)`, [unknownStores], `'unknown store: not in the catalog'`);
      await this.rejectWhere(m, jobId, 'sku', `sku = ANY($2)`, [unknownSkus], `'unknown SKU: not in the catalog'`);
      await this.rejectDuplicateKeys(m, jobId);

      const [{ accepted }] = await m.query(`SELECT count(*)::int AS accepted FROM sales.staging_rows WHERE upload_id = $1`, [jobId]);
      const rejected = await this.ledger.rejectedLines(m, jobId);
      await this.ledger.recordCounts(m, jobId, read, accepted, rejected);
      if (accepted === 0) {
        return this.ledger.fail(m, jobId, `No usable rows: all ${read} rows were rejected (see rejections.csv)`).then(() => null);
      }
      const limit = upload.max_rejected_percent === null ? null : Number(upload.max_rejected_percent);
      const percent = (rejected * 100) / read;
      if (limit !== null && percent > limit) {
        const reason = `${rejected} of ${read} rows (${percent.toFixed(2)}%) were rejected, above maxRejectedPercent=${limit}; nothing was written`;
        return this.ledger.fail(m, jobId, reason).then(() => null);
      }
      // GROUP BY (hash aggregates) rather than count(DISTINCT …), which sorts every row.
      const [{ weeks }] = await m.query(
        `SELECT coalesce(array_agg(to_char(week, 'YYYY-MM-DD') ORDER BY week), '{}') AS weeks
         FROM (SELECT week FROM sales.staging_rows WHERE upload_id = $1 GROUP BY week) w`,
        [jobId],
      );
      const [{ series }] = await m.query(
        `SELECT count(*)::int AS series FROM (SELECT 1 FROM sales.staging_rows WHERE upload_id = $1 GROUP BY store, sku) s`,
        [jobId],
      );
      if (!upload.dry_run) await this.merge(m, jobId);
      await this.ledger.complete(m, jobId, { read, accepted, rejected, weeks, series });
      return upload.dry_run ? null : ({ uploadId: jobId, weeks, series, rows: accepted } satisfies BatchIngestedEvent);
    });
    if (ingested) await this.events.publish(SalesEvents.batchIngested, ingested);
  }

  /** Restatement: a (week, store, SKU) already present takes the new values. */
  private merge(m: EntityManager, jobId: string) {
    return m.query(
      `INSERT INTO sales.facts (week, store, sku, units, revenue, price, promo, upload_id, updated_at)
       SELECT week, store, sku, units, revenue, price, promo, upload_id, now() FROM sales.staging_rows WHERE upload_id = $1
       ON CONFLICT (week, store, sku) DO UPDATE SET units = EXCLUDED.units, revenue = EXCLUDED.revenue, price = EXCLUDED.price,
         promo = EXCLUDED.promo, upload_id = EXCLUDED.upload_id, updated_at = EXCLUDED.updated_at`,
      [jobId],
    );
  }

  private async rejectWhere(m: EntityManager, jobId: string, column: string, condition: string, params: unknown[], reason: string) {
    if (params.every((p) => Array.isArray(p) && p.length === 0)) return; // nothing to reject: skip two scans
    await m.query(
      `INSERT INTO sales.upload_rejections (upload_id, line, "column", value, reason)
       SELECT upload_id, line, '${column}', ${column}, ${reason} FROM sales.staging_rows WHERE upload_id = $1 AND ${condition}`,
      [jobId, ...params],
    );
    await m.query(`DELETE FROM sales.staging_rows WHERE upload_id = $1 AND ${condition}`, [jobId, ...params]);
  }

  /** The first occurrence of a (week, store, SKU) in the file wins; each later one is rejected. */
  private async rejectDuplicateKeys(m: EntityManager, jobId: string) {
    // One hash aggregate tells whether there is anything to do; the sorts below run only then.
    const [{ any }] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM sales.staging_rows WHERE upload_id = $1 GROUP BY week, store, sku HAVING count(*) > 1) AS any`,
      [jobId],
    );
    if (!any) return;
    await m.query(
      `WITH ranked AS (
         SELECT line, week, store, sku, min(line) OVER (PARTITION BY week, store, sku) AS first
         FROM sales.staging_rows WHERE upload_id = $1)
       INSERT INTO sales.upload_rejections (upload_id, line, "column", value, reason)
       SELECT $1, line, 'week', week::text || ' ' || store || ' ' || sku, 'duplicate of line ' || first
       FROM ranked WHERE line <> first`,
      [jobId],
    );
    await m.query(
      `DELETE FROM sales.staging_rows s USING (
         SELECT line, min(line) OVER (PARTITION BY week, store, sku) AS first FROM sales.staging_rows WHERE upload_id = $1) r
       WHERE s.upload_id = $1 AND s.line = r.line AND r.line <> r.first`,
      [jobId],
    );
  }

  /** Codes the upload uses that the catalog does not know, asked in batches; waits out a catalog restart. */
  private async unknownCodes(jobId: string, column: 'store' | 'sku', pattern: typeof CatalogPatterns.resolveStores | typeof CatalogPatterns.resolveProducts) {
    const rows: Array<{ code: string }> = await this.dataSource.query(
      `SELECT DISTINCT ${column} AS code FROM sales.staging_rows WHERE upload_id = $1`,
      [jobId],
    );
    const codes = rows.map((r) => r.code);
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
