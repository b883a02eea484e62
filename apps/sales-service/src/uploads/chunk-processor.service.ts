import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { SALES_ORDERS_TARGET, SALES_PLANS_TARGET, SALES_STOCK_TARGET, SalesPatterns, UploadChunkMessage } from '@tideline/contracts';
import { UploadIntake, UploadLedger, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { PLAN_ROWS } from './plan-row';
import { SALES_ROWS } from './sales-row';
import { STOCK_ROWS } from './stock-row';
import { ORDER_ROWS } from './order-row';
import { UploadFinalizer } from './upload-finalizer.service';

/**
 * The sales upload intake: stages each chunk of a weekly sales file (or of a planned drivers, stock or purchase orders file) (one transaction per chunk,
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

  protected readerFor(chunk: UploadChunkMessage) {
    return { [SALES_PLANS_TARGET]: PLAN_ROWS, [SALES_STOCK_TARGET]: STOCK_ROWS, [SALES_ORDERS_TARGET]: ORDER_ROWS }[chunk.meta.target ?? ''] ?? SALES_ROWS;
  }

  finalize(jobId: string): Promise<void> {
    return this.finalizer.finalize(jobId);
  }
}
