import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { CatalogPatterns } from '@tideline/contracts';
import { UploadLedger, UploadSweeper, UploaderEnv, emitToQueue, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';

@Injectable()
export class CatalogUploadSweeper extends UploadSweeper {
  constructor(dataSource: DataSource, ledger: UploadLedger, env: UploaderEnv, @Inject(serviceClientToken('catalog')) private readonly self: ClientProxy) {
    super(dataSource, ledger, { brokerUrl: env.RABBITMQ_URL, queue: 'catalog' });
  }

  protected requestFinalize(id: string): Promise<void> {
    return emitToQueue(this.self, CatalogPatterns.uploadFinalize, { jobId: id });
  }
}
