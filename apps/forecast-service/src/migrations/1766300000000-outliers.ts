import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outlier weeks found by runs, with the analysts' decisions: a week stays here, with its status,
 * across runs; a proposed week that a later run no longer finds is dropped.
 */
export class Outliers1766300000000 implements MigrationInterface {
  name = 'Outliers1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "forecast"."outliers" (
      "sku" text NOT NULL,
      "store" text NOT NULL,
      "week" date NOT NULL,
      "units" float8 NOT NULL,
      "expected" float8 NOT NULL,
      "status" text NOT NULL DEFAULT 'proposed' CHECK ("status" IN ('proposed', 'accepted', 'rejected')),
      "detected_run" uuid,
      "decided_by" text,
      "decided_at" timestamptz,
      PRIMARY KEY ("sku", "store", "week")
    )`);
    await q.query(`CREATE INDEX "outliers_status_idx" ON "forecast"."outliers" ("status")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "forecast"."outliers"`);
  }
}
