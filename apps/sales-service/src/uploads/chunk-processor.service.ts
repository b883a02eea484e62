import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { SalesPatterns, UploadAbortedMessage, UploadChunkMessage, UploadSealedMessage } from '@tideline/contracts';
import { emitToQueue, serviceClientToken } from '@tideline/server-kit';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { copyRows } from './copy-rows';
import { parseRecords } from './parse-records';
import { Problem, StagedRow, detectDelimiter, readHeader, readRow } from './sales-row';
import { allChunksIn, ensureUpload, failUpload } from './upload-records';

/**
 * Validates one chunk of an upload and stages its good rows (COPY) and its rejections, all in one
 * transaction keyed by (upload, seq): a redelivered chunk changes nothing. Several instances can
 * work on the chunks of one upload at once. When the last piece is in, asks for the merge.
 */
@Injectable()
export class ChunkProcessor {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(serviceClientToken('sales')) private readonly self: ClientProxy,
  ) {}

  async process(chunk: UploadChunkMessage): Promise<void> {
    const delimiter = detectDelimiter(chunk.header);
    const [headerRecord] = await parseRecords([[1, chunk.header]], delimiter);
    const header = 'fields' in headerRecord ? readHeader(headerRecord.fields, delimiter) : { error: `Header: ${headerRecord.error}` };

    const staged: StagedRow[] = [];
    const problems: Problem[] = [];
    if (!('error' in header)) {
      for (const record of await parseRecords(chunk.records, header.delimiter)) {
        if ('error' in record) {
          problems.push({ line: record.line, column: '*', value: '', reason: record.error });
          continue;
        }
        const { row, problems: found } = readRow(record.line, record.fields, header);
        if (row) staged.push(row);
        problems.push(...found);
      }
    }

    await this.dataSource.transaction(async (manager) => {
      await ensureUpload(manager, chunk.jobId, chunk.meta);
      if ('error' in header) return failUpload(manager, chunk.jobId, header.error);
      const [upload] = await manager.query(`SELECT status FROM sales.uploads WHERE id = $1`, [chunk.jobId]);
      if (upload.status !== 'open') return; // failed or aborted meanwhile: drop the chunk
      const rejectedLines = new Set(problems.map((p) => p.line)).size;
      const claimed = await manager.query(
        `INSERT INTO sales.upload_chunks (upload_id, seq, rows_read, rows_rejected) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING seq`,
        [chunk.jobId, chunk.seq, chunk.records.length, rejectedLines],
      );
      if (claimed.length === 0) return; // a redelivery of a chunk already staged
      const client = (manager.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      await copyRows(
        client,
        'sales.staging_rows',
        ['upload_id', 'line', 'week', 'store', 'sku', 'units', 'revenue', 'price', 'promo'],
        staged.map((r) => [chunk.jobId, r.line, r.week, r.store, r.sku, r.units, r.revenue, r.price, r.promo]),
      );
      await copyRows(
        client,
        'sales.upload_rejections',
        ['upload_id', 'line', 'column', 'value', 'reason'],
        problems.map((p) => [chunk.jobId, p.line, p.column, p.value, p.reason]),
      );
    });
    await this.finalizeIfComplete(chunk.jobId);
  }

  async seal(message: UploadSealedMessage): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await ensureUpload(manager, message.jobId, message.meta);
      await manager.query(
        `UPDATE sales.uploads SET chunks_expected = $2, sha256 = $3, bytes = $4, lines = $5 WHERE id = $1`,
        [message.jobId, message.chunks, message.sha256, message.bytes, message.lines],
      );
    });
    await this.finalizeIfComplete(message.jobId);
  }

  async abort(message: UploadAbortedMessage): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await ensureUpload(manager, message.jobId, message.meta);
      await failUpload(manager, message.jobId, message.reason);
    });
  }

  /** Runs after every chunk and the seal, so a crash between commit and this step is repaired by the redelivery. */
  private async finalizeIfComplete(jobId: string): Promise<void> {
    if (await allChunksIn(this.dataSource.manager, jobId)) {
      await emitToQueue(this.self, SalesPatterns.uploadFinalize, { jobId });
    }
  }
}
