import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { SalesPatterns } from '@tideline/contracts';
import { UploadLedger, emitToQueue, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';

const SWEEP_EVERY_MS = 60_000;

/**
 * Ends what no message will end: uploads whose file never arrived whole become failed with a
 * reason, and stalled merges are asked for again. Safe to run in every instance at once.
 */
@Injectable()
export class UploadSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UploadSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: UploadLedger,
    @Inject(serviceClientToken('sales')) private readonly self: ClientProxy,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep().catch((e) => this.logger.error(e)), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    const { abandoned, stalled } = await this.ledger.sweep(this.dataSource);
    for (const id of stalled) await emitToQueue(this.self, SalesPatterns.uploadFinalize, { jobId: id });
    if (abandoned || stalled.length) this.logger.warn(`Swept: ${abandoned} abandoned, ${stalled.length} stalled`);
  }
}
