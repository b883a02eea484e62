import { createUploadTables } from '@tideline/server-kit';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class MasterDataUploads1764200000000 implements MigrationInterface {
  name = 'MasterDataUploads1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await createUploadTables(q, 'catalog');
    // UNLOGGED, as sales.staging_rows: a crash empties them and the merge then fails the upload.
    await q.query(`CREATE UNLOGGED TABLE "catalog"."staging_products" (
      "upload_id" uuid NOT NULL, "line" int NOT NULL, "sku" text NOT NULL, "name" text NOT NULL, "department" text NOT NULL,
      "category" text NOT NULL, "subcategory" text NOT NULL, "brand" text NOT NULL, "unit_price" numeric NOT NULL)`);
    await q.query(`CREATE INDEX "staging_products_upload_idx" ON "catalog"."staging_products" ("upload_id")`);
    await q.query(`CREATE UNLOGGED TABLE "catalog"."staging_stores" (
      "upload_id" uuid NOT NULL, "line" int NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "region" text NOT NULL,
      "cluster" text NOT NULL, "opened_on" date, "closed_on" date)`);
    await q.query(`CREATE INDEX "staging_stores_upload_idx" ON "catalog"."staging_stores" ("upload_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['staging_stores', 'staging_products', 'upload_rejections', 'upload_chunks', 'uploads']) {
      await q.query(`DROP TABLE "catalog"."${table}"`);
    }
  }
}
