import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { SalesPatterns } from '@tideline/contracts';
import { UploadLedger, UploadSweeper, UploaderEnv, emitToQueue, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';

@Injectable()
export class SalesUploadSweeper extends UploadSweeper {
  constructor(dataSource: DataSource, ledger: UploadLedger, env: UploaderEnv, @Inject(serviceClientToken('sales')) private readonly self: ClientProxy) {
    super(dataSource, ledger, { brokerUrl: env.RABBITMQ_URL, queue: 'sales' });
  }

  protected requestFinalize(id: string): Promise<void> {
    return emitToQueue(this.self, SalesPatterns.uploadFinalize, { jobId: id });
  }
}
