import { createProcessedMessagesSql } from '@tideline/server-kit';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialAuthSchema1764000000000 implements MigrationInterface {
  name = 'InitialAuthSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "auth"."users" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "email" text NOT NULL UNIQUE,
      "name" text NOT NULL,
      "password_hash" text NOT NULL,
      "roles" text[] NOT NULL CHECK (cardinality("roles") > 0),
      "disabled" boolean NOT NULL DEFAULT false,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "auth"."sessions" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "user_id" uuid NOT NULL REFERENCES "auth"."users"("id") ON DELETE CASCADE,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "revoked_at" timestamptz,
      "revoked_reason" text
    )`);
    await q.query(`CREATE INDEX "sessions_user_id_idx" ON "auth"."sessions" ("user_id")`);
    await q.query(`CREATE TABLE "auth"."refresh_tokens" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "session_id" uuid NOT NULL REFERENCES "auth"."sessions"("id") ON DELETE CASCADE,
      "token_hash" text NOT NULL UNIQUE,
      "expires_at" timestamptz NOT NULL,
      "used_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "refresh_tokens_session_id_idx" ON "auth"."refresh_tokens" ("session_id")`);
    await q.query(createProcessedMessagesSql('auth'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "auth"."processed_messages"`);
    await q.query(`DROP TABLE "auth"."refresh_tokens"`);
    await q.query(`DROP TABLE "auth"."sessions"`);
    await q.query(`DROP TABLE "auth"."users"`);
  }
}
