import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { SalesPatterns, UploadAbortedMessage, UploadChunkMessage, UploadSealedMessage } from '@tideline/contracts';
import { UploadLedger, copyRows, emitToQueue, parseRecords, serviceClientToken } from '@tideline/server-kit';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { Problem, StagedRow, detectDelimiter, readHeader, readRow } from './sales-row';

/**
 * Validates one chunk of an upload and stages its good rows (COPY) and its rejections, all in one
 * transaction keyed by (upload, seq): a redelivered chunk changes nothing. Several instances can
 * work on the chunks of one upload at once. When the last piece is in, asks for the merge.
 */
@Injectable()
export class ChunkProcessor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: UploadLedger,
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
      await this.ledger.ensure(manager, chunk.jobId, chunk.meta);
      if ('error' in header) return this.ledger.fail(manager, chunk.jobId, header.error);
      if (!(await this.ledger.isOpen(manager, chunk.jobId))) return; // failed or aborted meanwhile: drop the chunk
      const rejectedLines = new Set(problems.map((p) => p.line)).size;
      const claimed = await this.ledger.claimChunk(manager, chunk.jobId, chunk.seq, chunk.records.length, rejectedLines);
      if (!claimed) return; // a redelivery of a chunk already staged
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
      await this.ledger.ensure(manager, message.jobId, message.meta);
      await this.ledger.seal(manager, message.jobId, message);
    });
    await this.finalizeIfComplete(message.jobId);
  }

  async abort(message: UploadAbortedMessage): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.ledger.ensure(manager, message.jobId, message.meta);
      await this.ledger.fail(manager, message.jobId, message.reason);
    });
  }

  /** Runs after every chunk and the seal, so a crash between commit and this step is repaired by the redelivery. */
  private async finalizeIfComplete(jobId: string): Promise<void> {
    if (await this.ledger.allChunksIn(this.dataSource.manager, jobId)) {
      await emitToQueue(this.self, SalesPatterns.uploadFinalize, { jobId });
    }
  }
}
