import { Controller, Type } from '@nestjs/common';
import { ClientProxy, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  Page,
  PageQuery,
  QueueMessagePattern,
  RejectionsPage,
  RejectionsPageRequest,
  UploadAbortedMessage,
  UploadChunkMessage,
  UploadFinalizeMessage,
  UploadKey,
  UploadSealedMessage,
  UploadView,
} from '@tideline/contracts';
import { DataSource } from 'typeorm';
import { emitToQueue } from '../rpc-client';
import { rpcValidationPipe } from '../rpc-validation.pipe';
import { RowReader, stageChunk } from './stage-chunk';
import { UploadLedger } from './upload-ledger';

/**
 * The receiving end of a CSV upload, the same for sales and master data: each chunk is staged
 * (stageChunk), the seal and an abort are recorded, and once the seal and every chunk are in, the
 * service asks itself (through its own queue) for the one-transaction merge, `finalize`.
 */
export abstract class UploadIntake {
  constructor(
    protected readonly dataSource: DataSource,
    protected readonly ledger: UploadLedger,
    private readonly self: ClientProxy,
    private readonly finalizePattern: QueueMessagePattern & `${string}.upload.finalize`,
  ) {}

  /** How the rows of this upload's file are read and staged. */
  protected abstract readerFor(chunk: UploadChunkMessage): RowReader;

  /** The merge of a fully staged upload, in one transaction. */
  abstract finalize(jobId: string): Promise<void>;

  async process(chunk: UploadChunkMessage): Promise<void> {
    await stageChunk(this.dataSource, this.ledger, chunk, this.readerFor(chunk));
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
      await emitToQueue(this.self, this.finalizePattern, { jobId } satisfies UploadFinalizeMessage);
    }
  }
}

/** The upload patterns of a context, as named in SalesPatterns and CatalogPatterns. */
export interface UploadPatterns {
  uploadChunk: string;
  uploadSealed: string;
  uploadAborted: string;
  uploadFinalize: string;
  getUpload: string;
  listUploads: string;
  uploadRejections: string;
}

/**
 * The message handlers of an upload intake: the pipeline's events and the read side. `listQuery`
 * is the contract class of the list request (validated here, as the type is not known statically).
 */
export function uploadsControllerFor(patterns: UploadPatterns, listQuery: Type<PageQuery & { target?: string }>): Type<unknown> {
  @Controller()
  class UploadsController {
    constructor(
      private readonly intake: UploadIntake,
      private readonly ledger: UploadLedger,
      private readonly dataSource: DataSource,
    ) {}

    @EventPattern(patterns.uploadChunk)
    chunk(@Payload() message: UploadChunkMessage): Promise<void> {
      return this.intake.process(message);
    }

    @EventPattern(patterns.uploadSealed)
    sealed(@Payload() message: UploadSealedMessage): Promise<void> {
      return this.intake.seal(message);
    }

    @EventPattern(patterns.uploadAborted)
    aborted(@Payload() message: UploadAbortedMessage): Promise<void> {
      return this.intake.abort(message);
    }

    @EventPattern(patterns.uploadFinalize)
    finalize(@Payload() message: UploadFinalizeMessage): Promise<void> {
      return this.intake.finalize(message.jobId);
    }

    @MessagePattern(patterns.getUpload)
    get(@Payload() { id }: UploadKey): Promise<UploadView> {
      return this.ledger.view(this.dataSource, id);
    }

    @MessagePattern(patterns.listUploads)
    list(@Payload(rpcValidationPipe(listQuery)) query: PageQuery & { target?: string }): Promise<Page<UploadView>> {
      return this.ledger.list(this.dataSource, query, query.target ?? null);
    }

    @MessagePattern(patterns.uploadRejections)
    rejections(@Payload() request: RejectionsPageRequest): Promise<RejectionsPage> {
      return this.ledger.rejectionsPage(this.dataSource, request);
    }
  }
  return UploadsController;
}
