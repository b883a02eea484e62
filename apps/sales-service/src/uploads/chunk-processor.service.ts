import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { SalesPatterns } from '@tideline/contracts';
import { UploadIntake, UploadLedger, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { SALES_ROWS } from './sales-row';
import { UploadFinalizer } from './upload-finalizer.service';

/**
 * The sales upload intake: stages each chunk of a weekly sales file (one transaction per chunk,
 * redeliveries change nothing, several instances share one upload), then has UploadFinalizer merge it.
 */
@Injectable()
export class ChunkProcessor extends UploadIntake {
  constructor(
    dataSource: DataSource,
    ledger: UploadLedger,
    @Inject(serviceClientToken('sales')) self: ClientProxy,
    private readonly finalizer: UploadFinalizer,
  ) {
    super(dataSource, ledger, self, SalesPatterns.uploadFinalize);
  }

  protected readerFor() {
    return SALES_ROWS;
  }

  finalize(jobId: string): Promise<void> {
    return this.finalizer.finalize(jobId);
  }
}
