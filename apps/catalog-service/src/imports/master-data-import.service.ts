import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  CatalogEvents,
  CatalogPatterns,
  CatalogUploadTarget,
  UploadChunkMessage,
} from '@tideline/contracts';
import { Outbox, UploadIntake, UploadLedger, serviceClientToken } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { MASTER_DATA, MasterDataSpec } from './master-data-rows';

/**
 * Products and stores CSV imports: staged chunk by chunk like sales uploads, then upserted by
 * SKU or store code in one transaction (a record the file holds takes the file's values and is
 * active again; records it does not hold are untouched).
 */
@Injectable()
export class MasterDataImport extends UploadIntake {
  constructor(
    dataSource: DataSource,
    ledger: UploadLedger,
    private readonly outbox: Outbox,
    @Inject(serviceClientToken('catalog')) self: ClientProxy,
  ) {
    super(dataSource, ledger, self, CatalogPatterns.uploadFinalize);
  }

  protected readerFor(chunk: UploadChunkMessage): MasterDataSpec {
    return this.spec(chunk.meta.target);
  }

  async finalize(jobId: string): Promise<void> {
    const announced = await this.dataSource.transaction(async (m) => {
      const upload = await this.ledger.lockOpen(m, jobId);
      if (!upload) return null;
      const [{ target }] = await m.query(`SELECT target FROM catalog.uploads WHERE id = $1`, [jobId]);
      const spec = this.spec(target);
      const read = await this.ledger.rowsRead(m, jobId);
      if (read === 0) return this.ledger.fail(m, jobId, 'The file has a header but no data rows').then(() => null);
      if (!(await this.ledger.stagedIntact(m, jobId, read))) {
        return this.ledger.fail(m, jobId, UploadLedger.STAGING_LOST).then(() => null);
      }
      const duplicateOf = upload.dry_run ? null : await this.ledger.sameContent(m, jobId, upload.sha256);
      if (duplicateOf) return this.ledger.complete(m, jobId, { read, accepted: 0, rejected: 0, duplicateOf }).then(() => null);

      await this.rejectRepeatedKeys(m, jobId, spec);
      const [{ accepted }] = await m.query(`SELECT count(*)::int AS accepted FROM ${this.ledger.stagingTable(jobId)}`);
      const rejected = await this.ledger.rejectedLines(m, jobId);
      await this.ledger.recordCounts(m, jobId, read, accepted, rejected);
      if (accepted === 0) return this.ledger.fail(m, jobId, `No usable rows: all ${read} rows were rejected (see rejections.csv)`).then(() => null);
      const limit = upload.max_rejected_percent === null ? null : Number(upload.max_rejected_percent);
      const percent = (rejected * 100) / read;
      if (limit !== null && percent > limit) {
        const reason = `${rejected} of ${read} rows (${percent.toFixed(2)}%) were rejected, above maxRejectedPercent=${limit}; nothing was written`;
        return this.ledger.fail(m, jobId, reason).then(() => null);
      }
      if (!upload.dry_run) await m.query(spec.mergeSql(this.ledger.stagingTable(jobId)));
      await this.ledger.complete(m, jobId, { read, accepted, rejected });
      if (upload.dry_run) return false;
      await this.outbox.add(m, CatalogEvents.recordsImported, { uploadId: jobId, target, count: accepted });
      return true;
    });
    if (announced) void this.outbox.flush(); // and if the broker is away, the relay retries
  }

  /** The first row of a key wins; each later row with the same SKU or store code is rejected. */
  private async rejectRepeatedKeys(m: EntityManager, jobId: string, spec: MasterDataSpec) {
    const staging = this.ledger.stagingTable(jobId);
    const ranked = `SELECT line, ${spec.key} AS key, min(line) OVER (PARTITION BY ${spec.key}) AS first FROM ${staging}`;
    await m.query(
      `INSERT INTO ${this.ledger.rejectionsTable} (upload_id, line, "column", value, reason)
       SELECT $1, line, '${spec.key === 'code' ? 'store' : spec.key}', key, 'duplicate of line ' || first FROM (${ranked}) r WHERE line <> first`,
      [jobId],
    );
    await m.query(
      `DELETE FROM ${staging} s USING (${ranked}) r WHERE s.line = r.line AND r.line <> r.first`,
    );
  }

  private spec(target: string | undefined): MasterDataSpec {
    const spec = MASTER_DATA[target as CatalogUploadTarget];
    if (!spec) throw new Error(`Unknown catalog upload target ${target}`);
    return spec;
  }
}
