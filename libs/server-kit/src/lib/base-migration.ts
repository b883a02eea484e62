import { MigrationInterface, QueryRunner } from 'typeorm';
import { createProcessedMessagesSql } from './processed-message.entity';

/**
 * The first migration of a service whose schema starts with only the table that makes its
 * handlers idempotent. `timestamp` orders it among the service's later migrations.
 */
export function processedMessagesMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const name = `ProcessedMessages${timestamp}`;
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      await q.query(createProcessedMessagesSql(schema));
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}"."processed_messages"`);
    }
  };
}

/** Adds the request digest runOnce compares when a client's Idempotency-Key comes back. */
export function processedMessagesRequestHashMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const name = `ProcessedMessagesRequestHash${timestamp}`;
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${schema}"."processed_messages" ADD "request_hash" text`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${schema}"."processed_messages" DROP COLUMN "request_hash"`);
    }
  };
}
