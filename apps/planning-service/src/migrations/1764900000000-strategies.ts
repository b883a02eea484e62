import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per plan and category: its role, strategy, targets and notes. */
export class Strategies1764900000000 implements MigrationInterface {
  name = 'Strategies1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "planning"."strategies" (
      "plan_id" uuid NOT NULL REFERENCES "planning"."plans" ON DELETE CASCADE,
      "category" text NOT NULL,
      "role" text NOT NULL,
      "strategy" text NOT NULL,
      "sales_growth_percent" float8,
      "margin_percent" float8,
      "products_target" int,
      "notes" text,
      "version" int NOT NULL DEFAULT 1,
      "updated_by" text NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("plan_id", "category")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "planning"."strategies"`);
  }
}
