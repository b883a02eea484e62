import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { SalesPatterns } from '@tideline/contracts';
import { emitToQueue, serviceClientToken } from '@tideline/server-kit';
import { DataSource } from 'typeorm';

const SWEEP_EVERY_MS = 60_000;
/** An unsealed upload with no chunk for this long was abandoned by its sender or gateway. */
const ABANDONED_AFTER = '10 minutes';
/** A sealed, fully staged upload still open this long lost its merge request (dead-lettered, say). */
const STALLED_AFTER = '2 minutes';

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
    const abandoned = await this.dataSource.query(
      `UPDATE sales.uploads u SET status = 'failed', completed_at = now(),
         error = 'The file never arrived completely (the upload stopped mid-file); nothing was kept'
       WHERE status = 'open' AND chunks_expected IS NULL
         AND greatest(created_at, (SELECT max(processed_at) FROM sales.upload_chunks c WHERE c.upload_id = u.id)) < now() - interval '${ABANDONED_AFTER}'
       RETURNING id`,
    );
    await this.dataSource.query(
      `DELETE FROM sales.staging_rows s USING sales.uploads u WHERE s.upload_id = u.id AND u.status <> 'open'`,
    );
    const stalled: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM sales.uploads u WHERE status = 'open' AND chunks_expected IS NOT NULL
         AND (SELECT count(*) FROM sales.upload_chunks c WHERE c.upload_id = u.id) >= chunks_expected
         AND greatest(created_at, (SELECT max(processed_at) FROM sales.upload_chunks c WHERE c.upload_id = u.id)) < now() - interval '${STALLED_AFTER}'`,
    );
    for (const { id } of stalled) await emitToQueue(this.self, SalesPatterns.uploadFinalize, { jobId: id });
    if (abandoned[0]?.length || stalled.length) this.logger.warn(`Swept: ${abandoned[0]?.length ?? 0} abandoned, ${stalled.length} stalled`);
  }
}
