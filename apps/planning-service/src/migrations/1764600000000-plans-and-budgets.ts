import { MigrationInterface, QueryRunner } from 'typeorm';

/** Plans, their budget cells (category × cluster × week) and the audit trail of every change. */
export class PlansAndBudgets1764600000000 implements MigrationInterface {
  name = 'PlansAndBudgets1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "planning"."plans" (
      "id" uuid PRIMARY KEY,
      "name" text NOT NULL,
      "owner" text NOT NULL,
      "approver" text,
      "week_from" date NOT NULL,
      "week_to" date NOT NULL,
      "department" text,
      "status" text NOT NULL DEFAULT 'draft',
      "comment" text,
      "version" int NOT NULL DEFAULT 1,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "planning"."budget_cells" (
      "plan_id" uuid NOT NULL REFERENCES "planning"."plans" ON DELETE CASCADE,
      "category" text NOT NULL,
      "cluster" text NOT NULL,
      "week" date NOT NULL,
      "forecast" float8 NOT NULL,
      "plan" bigint NOT NULL,
      "locked" boolean NOT NULL DEFAULT false,
      "version" int NOT NULL DEFAULT 1,
      PRIMARY KEY ("plan_id", "category", "cluster", "week")
    )`);
    await q.query(`CREATE TABLE "planning"."audit" (
      "id" bigserial PRIMARY KEY,
      "plan_id" uuid NOT NULL REFERENCES "planning"."plans" ON DELETE CASCADE,
      "at" timestamptz NOT NULL DEFAULT now(),
      "actor" text NOT NULL,
      "what" text NOT NULL,
      "before" jsonb,
      "after" jsonb
    )`);
    await q.query(`CREATE INDEX "audit_plan_idx" ON "planning"."audit" ("plan_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "planning"."audit"`);
    await q.query(`DROP TABLE "planning"."budget_cells"`);
    await q.query(`DROP TABLE "planning"."plans"`);
  }
}
