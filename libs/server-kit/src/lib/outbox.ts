import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { EventPublisher } from './event-publisher';
import { currentCorrelationId } from './request-context';

const RELAY_EVERY_MS = 2000;
const BATCH = 100;

/** The outbox table of a service's schema, for the services that announce events. */
export function outboxMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const name = `Outbox${timestamp}`;
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE "${schema}"."outbox" (
        "seq" bigserial PRIMARY KEY,
        "id" uuid NOT NULL UNIQUE,
        "pattern" text NOT NULL,
        "data" jsonb NOT NULL,
        "correlation_id" text,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}"."outbox"`);
    }
  };
}

/**
 * Transactional outbox. An event is written in the same transaction as the change it announces and
 * relayed to the broker after the commit, so a crash or a broker outage between the two delays an
 * event but never loses it (nor announces a change that rolled back). The row's id is the message
 * id: a relay that dies after publishing but before deleting sends the event again under the same
 * id, which consumers' runOnce() ignores. Idle in a service whose schema has no outbox table.
 */
export class Outbox implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Outbox.name);
  private readonly table: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    schema: string,
  ) {
    this.table = `"${schema}"."outbox"`;
  }

  /** Adds an event to the caller's transaction; call flush() once it has committed. */
  async add(m: EntityManager, pattern: string, data: unknown): Promise<void> {
    await m.query(`INSERT INTO ${this.table} (id, pattern, data, correlation_id) VALUES ($1, $2, $3, $4)`, [
      randomUUID(),
      pattern,
      JSON.stringify(data),
      currentCorrelationId() ?? null,
    ]);
  }

  /** Relays what is waiting now. Never throws: what fails stays in the table for the next round. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true; // a commit landed during this round: go once more
      return this.running;
    }
    this.running = this.relay()
      .catch((error) => this.logger.warn(`Events wait in the outbox: ${(error as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.flush();
        }
      });
    return this.running;
  }

  private async relay(): Promise<void> {
    for (;;) {
      const sent = await this.dataSource.transaction(async (m) => {
        // SKIP LOCKED: several instances relay side by side, each event once.
        const rows: Array<{ id: string; pattern: string; data: unknown; correlation_id: string | null }> = await m.query(
          `SELECT id, pattern, data, correlation_id FROM ${this.table} ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        );
        for (const row of rows) {
          await this.publisher.publish(row.pattern, row.data, { messageId: row.id, correlationId: row.correlation_id });
        }
        if (rows.length > 0) await m.query(`DELETE FROM ${this.table} WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
        return rows.length;
      });
      if (sent < BATCH) return;
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    const [{ exists }] = await this.dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [this.table]);
    if (!exists) return;
    // Events a crash left behind go out now; later ones right after their commit, or on this beat.
    this.timer = setInterval(() => void this.flush(), RELAY_EVERY_MS);
    void this.flush();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
