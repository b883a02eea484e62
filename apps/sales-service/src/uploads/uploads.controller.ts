import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListUploadsQuery,
  Page,
  PageQuery,
  RejectionsPage,
  RejectionsPageRequest,
  SalesPatterns,
  UploadAbortedMessage,
  UploadChunkMessage,
  UploadFinalizeMessage,
  UploadKey,
  UploadSealedMessage,
  UploadView,
} from '@tideline/contracts';
import { UploadLedger } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { ChunkProcessor } from './chunk-processor.service';
import { UploadFinalizer } from './upload-finalizer.service';

@Controller()
export class UploadsController {
  constructor(
    private readonly chunks: ChunkProcessor,
    private readonly finalizer: UploadFinalizer,
    private readonly ledger: UploadLedger,
    private readonly dataSource: DataSource,
  ) {}

  @EventPattern(SalesPatterns.uploadChunk)
  chunk(@Payload() message: UploadChunkMessage): Promise<void> {
    return this.chunks.process(message);
  }

  @EventPattern(SalesPatterns.uploadSealed)
  sealed(@Payload() message: UploadSealedMessage): Promise<void> {
    return this.chunks.seal(message);
  }

  @EventPattern(SalesPatterns.uploadAborted)
  aborted(@Payload() message: UploadAbortedMessage): Promise<void> {
    return this.chunks.abort(message);
  }

  @EventPattern(SalesPatterns.uploadFinalize)
  finalize(@Payload() message: UploadFinalizeMessage): Promise<void> {
    return this.finalizer.finalize(message.jobId);
  }

  @MessagePattern(SalesPatterns.getUpload)
  get(@Payload() { id }: UploadKey): Promise<UploadView> {
    return this.ledger.view(this.dataSource, id);
  }

  @MessagePattern(SalesPatterns.listUploads)
  list(@Payload() query: PageQuery): Promise<Page<UploadView>> {
    return this.ledger.list(this.dataSource, query as ListUploadsQuery);
  }

  @MessagePattern(SalesPatterns.uploadRejections)
  rejections(@Payload() request: RejectionsPageRequest): Promise<RejectionsPage> {
    return this.ledger.rejectionsPage(this.dataSource, request);
  }
}
