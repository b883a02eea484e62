import { createUploadTables } from '@tideline/server-kit';
import { MigrationInterface, QueryRunner } from 'typeorm';

const FIRST_YEAR = 2015;
const LAST_YEAR = 2035;

export class UploadsAndFacts1764100000000 implements MigrationInterface {
  name = 'UploadsAndFacts1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await createUploadTables(q, 'sales');
    // Accepted rows wait here until the whole file is in; then one transaction merges them.
    // UNLOGGED: no WAL for rows that live minutes. A database crash empties it, which the merge
    // detects (UploadLedger.stagedIntact) and turns into a failed upload, never a partial one.
    await q.query(`CREATE UNLOGGED TABLE "sales"."staging_rows" (
      "upload_id" uuid NOT NULL,
      "line" int NOT NULL,
      "week" date NOT NULL,
      "store" text NOT NULL,
      "sku" text NOT NULL,
      "units" numeric NOT NULL,
      "revenue" numeric,
      "price" numeric,
      "promo" boolean
    )`);
    await q.query(`CREATE INDEX "staging_rows_upload_idx" ON "sales"."staging_rows" ("upload_id")`);
    await q.query(`CREATE TABLE "sales"."facts" (
      "week" date NOT NULL,
      "store" text NOT NULL,
      "sku" text NOT NULL,
      "units" numeric NOT NULL,
      "revenue" numeric,
      "price" numeric,
      "promo" boolean,
      "upload_id" uuid NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("week", "store", "sku")
    ) PARTITION BY RANGE ("week")`);
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      await q.query(
        `CREATE TABLE "sales"."facts_${year}" PARTITION OF "sales"."facts" FOR VALUES FROM ('${year}-01-01') TO ('${year + 1}-01-01')`,
      );
    }
    await q.query(`CREATE TABLE "sales"."facts_other" PARTITION OF "sales"."facts" DEFAULT`);
    await q.query(`CREATE INDEX "facts_series_idx" ON "sales"."facts" ("sku", "store", "week")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sales"."facts"`);
    await q.query(`DROP TABLE "sales"."staging_rows"`);
    await q.query(`DROP TABLE "sales"."upload_rejections"`);
    await q.query(`DROP TABLE "sales"."upload_chunks"`);
    await q.query(`DROP TABLE "sales"."uploads"`);
  }
}
