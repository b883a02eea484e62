import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { withBrokerConnection } from '../broker-connection';
import type { DataSource } from 'typeorm';
import { UploadLedger } from './upload-ledger';

/** Messages waiting in `queue` (not those a consumer already holds); rejects when the broker cannot be asked. */
export function queuedMessages(url: string, queue: string): Promise<number> {
  return withBrokerConnection(url, async (channel) => (await channel.checkQueue(queue)).messageCount);
}

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
    /** The broker and the queue the service's upload chunks and seals arrive on. */
    private readonly intake: { brokerUrl: string; queue: string },
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
    // A chunk or a seal still waiting in the queue (a backlog after the service or the broker was
    // away) means the file did arrive: an upload is only called abandoned when the queue is empty
    // and the broker answers. On a queue that is never empty, abandoned uploads wait, never wrongly end.
    const waiting = await queuedMessages(this.intake.brokerUrl, this.intake.queue).catch(() => Number.POSITIVE_INFINITY);
    const { abandoned, stalled } = await this.ledger.sweep(this.dataSource, { abandon: waiting === 0 });
    for (const id of stalled) await this.requestFinalize(id);
    if (abandoned || stalled.length) this.logger.warn(`Swept: ${abandoned} abandoned, ${stalled.length} stalled`);
  }
}
