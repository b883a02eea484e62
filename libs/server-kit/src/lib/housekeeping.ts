import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

const HOUR_MS = 3_600_000;

/** One purge: a statement that deletes what is past keeping, and what to call its rows in the log. */
export interface Purge {
  what: string;
  sql: string;
  params?: unknown[];
}

/**
 * Deletes, at start and then every hour, rows that only grow otherwise: each service's
 * processed_messages past their retention (they answer redeliveries and Idempotency-Key retries,
 * so they are kept at least a day), and whatever else a service registers.
 */
@Injectable()
export class Housekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Housekeeping.name);
  private readonly purges: Purge[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    retentionHours: number,
  ) {
    this.purges.push({
      what: 'processed messages',
      sql: `DELETE FROM "${schema}"."processed_messages" WHERE processed_at < now() - make_interval(hours => $1)`,
      params: [retentionHours],
    });
  }

  /** Adds a purge (a service's own tables), run with the others. */
  register(purge: Purge): void {
    this.purges.push(purge);
  }

  onApplicationBootstrap(): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Runs every purge; a failure (the database away) is logged and tried again next hour. */
  async run(): Promise<void> {
    for (const { what, sql, params } of this.purges) {
      try {
        const [, deleted] = (await this.dataSource.query(sql, params)) as [unknown, number];
        if (deleted > 0) this.logger.log(`Purged ${deleted} ${what}`);
      } catch (error) {
        this.logger.warn(`Could not purge ${what}: ${(error as Error).message}`);
      }
    }
  }
}
