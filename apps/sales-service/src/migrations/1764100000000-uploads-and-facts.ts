import { MigrationInterface, QueryRunner } from 'typeorm';

const FIRST_YEAR = 2015;
const LAST_YEAR = 2035;

export class UploadsAndFacts1764100000000 implements MigrationInterface {
  name = 'UploadsAndFacts1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "sales"."uploads" (
      "id" uuid PRIMARY KEY,
      "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'completed', 'failed')),
      "uploaded_by_id" uuid NOT NULL,
      "uploaded_by_email" text NOT NULL,
      "filename" text,
      "dry_run" boolean NOT NULL,
      "max_rejected_percent" numeric,
      "received_at" timestamptz NOT NULL,
      "chunks_expected" int,
      "sha256" text,
      "bytes" bigint,
      "lines" int,
      "rows_read" int,
      "rows_accepted" int,
      "rows_rejected" int,
      "error" text,
      "duplicate_of" uuid,
      "weeks" date[],
      "series" int,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "completed_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "uploads_created_at_idx" ON "sales"."uploads" ("created_at" DESC)`);
    await q.query(`CREATE INDEX "uploads_sha256_idx" ON "sales"."uploads" ("sha256") WHERE "status" = 'completed' AND NOT "dry_run"`);
    await q.query(`CREATE TABLE "sales"."upload_chunks" (
      "upload_id" uuid NOT NULL REFERENCES "sales"."uploads"("id") ON DELETE CASCADE,
      "seq" int NOT NULL,
      "rows_read" int NOT NULL,
      "rows_rejected" int NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("upload_id", "seq")
    )`);
    await q.query(`CREATE TABLE "sales"."upload_rejections" (
      "upload_id" uuid NOT NULL REFERENCES "sales"."uploads"("id") ON DELETE CASCADE,
      "line" int NOT NULL,
      "column" text NOT NULL,
      "value" text NOT NULL,
      "reason" text NOT NULL
    )`);
    await q.query(`CREATE INDEX "upload_rejections_line_idx" ON "sales"."upload_rejections" ("upload_id", "line")`);
    // Accepted rows wait here until the whole file is in; then one transaction merges them.
    await q.query(`CREATE TABLE "sales"."staging_rows" (
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
