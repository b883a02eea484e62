import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CatalogPatterns,
  CatalogUploadsQuery,
  Page,
  RejectionsPage,
  RejectionsPageRequest,
  UploadAbortedMessage,
  UploadChunkMessage,
  UploadFinalizeMessage,
  UploadKey,
  UploadSealedMessage,
  UploadView,
} from '@tideline/contracts';
import { UploadLedger } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { MasterDataImport } from './master-data-import.service';

@Controller()
export class MasterDataUploadsController {
  constructor(
    private readonly imports: MasterDataImport,
    private readonly ledger: UploadLedger,
    private readonly dataSource: DataSource,
  ) {}

  @EventPattern(CatalogPatterns.uploadChunk)
  chunk(@Payload() message: UploadChunkMessage): Promise<void> {
    return this.imports.process(message);
  }

  @EventPattern(CatalogPatterns.uploadSealed)
  sealed(@Payload() message: UploadSealedMessage): Promise<void> {
    return this.imports.seal(message);
  }

  @EventPattern(CatalogPatterns.uploadAborted)
  aborted(@Payload() message: UploadAbortedMessage): Promise<void> {
    return this.imports.abort(message);
  }

  @EventPattern(CatalogPatterns.uploadFinalize)
  finalize(@Payload() message: UploadFinalizeMessage): Promise<void> {
    return this.imports.finalize(message.jobId);
  }

  @MessagePattern(CatalogPatterns.getUpload)
  get(@Payload() { id }: UploadKey): Promise<UploadView> {
    return this.ledger.view(this.dataSource, id);
  }

  @MessagePattern(CatalogPatterns.listUploads)
  list(@Payload() query: CatalogUploadsQuery): Promise<Page<UploadView>> {
    return this.ledger.list(this.dataSource, query, query.target);
  }

  @MessagePattern(CatalogPatterns.uploadRejections)
  rejections(@Payload() request: RejectionsPageRequest): Promise<RejectionsPage> {
    return this.ledger.rejectionsPage(this.dataSource, request);
  }
}
