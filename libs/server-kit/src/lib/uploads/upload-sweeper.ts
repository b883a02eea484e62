import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { UploadLedger } from './upload-ledger';

/**
 * Ends what no message will end: uploads whose file never arrived whole become failed with a
 * reason, and stalled merges are asked for again. Safe to run in every instance at once.
 */
export abstract class UploadSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UploadSweeper');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: UploadLedger,
  ) {}

  /** Puts a merge request for upload `id` on the service's own queue. */
  protected abstract requestFinalize(id: string): Promise<void>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep().catch((e) => this.logger.error(e)), this.ledger.timing.sweepEveryS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    const { abandoned, stalled } = await this.ledger.sweep(this.dataSource);
    for (const id of stalled) await this.requestFinalize(id);
    if (abandoned || stalled.length) this.logger.warn(`Swept: ${abandoned} abandoned, ${stalled.length} stalled`);
  }
}
