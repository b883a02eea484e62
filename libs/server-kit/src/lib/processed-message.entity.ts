import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Messages already handled, written in the same transaction as their effect. */
@Entity({ name: 'processed_messages' })
export class ProcessedMessage {
  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ type: 'text' })
  pattern!: string;

  /** A digest of the request, to refuse the same Idempotency-Key with another request; null where not kept. */
  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash!: string | null;

  /** The reply, for handlers whose reply holds no secret; null otherwise. */
  @Column({ type: 'jsonb', nullable: true })
  reply!: object | null;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' })
  processedAt!: Date;
}

/** SQL of the table, for each service's initial migration. */
export function createProcessedMessagesSql(schema: string): string {
  return `CREATE TABLE "${schema}"."processed_messages" (
    "message_id" text PRIMARY KEY,
    "pattern" text NOT NULL,
    "reply" jsonb,
    "processed_at" timestamptz NOT NULL DEFAULT now()
  )`;
}
