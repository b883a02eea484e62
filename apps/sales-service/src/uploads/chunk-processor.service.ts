import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { SalesPatterns, UploadAbortedMessage, UploadChunkMessage, UploadSealedMessage } from '@tideline/contracts';
import { UploadLedger, emitToQueue, serviceClientToken, stageChunk } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { SALES_ROWS } from './sales-row';

/**
 * Stages each chunk of a sales upload (see stageChunk: one transaction per chunk, redeliveries
 * change nothing, several instances share one upload). When the last piece is in, asks for the merge.
 */
@Injectable()
export class ChunkProcessor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: UploadLedger,
    @Inject(serviceClientToken('sales')) private readonly self: ClientProxy,
  ) {}

  async process(chunk: UploadChunkMessage): Promise<void> {
    await stageChunk(this.dataSource, this.ledger, chunk, SALES_ROWS);
    await this.finalizeIfComplete(chunk.jobId);
  }

  async seal(message: UploadSealedMessage): Promise<void> {
    await this.ledger.onSealed(this.dataSource, message);
    await this.finalizeIfComplete(message.jobId);
  }

  async abort(message: UploadAbortedMessage): Promise<void> {
    await this.ledger.onAborted(this.dataSource, message);
  }

  /** Runs after every chunk and the seal, so a crash between commit and this step is repaired by the redelivery. */
  private async finalizeIfComplete(jobId: string): Promise<void> {
    if (await this.ledger.allChunksIn(this.dataSource.manager, jobId)) {
      await emitToQueue(this.self, SalesPatterns.uploadFinalize, { jobId });
    }
  }
}
