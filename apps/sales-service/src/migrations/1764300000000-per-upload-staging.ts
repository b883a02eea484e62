import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each upload now stages into a table of its own, created from this template (UploadLedger.stagingTable):
 * no upload_id column or index to maintain, and the table is dropped rather than emptied when the upload ends.
 */
export class PerUploadStaging1764300000000 implements MigrationInterface {
  name = 'PerUploadStaging1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sales"."staging_rows" DROP COLUMN "upload_id"`);
    await q.query(`ALTER TABLE "sales"."staging_rows" RENAME TO "staging_template"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sales"."staging_template" RENAME TO "staging_rows"`);
    await q.query(`ALTER TABLE "sales"."staging_rows" ADD COLUMN "upload_id" uuid`);
    await q.query(`CREATE INDEX "staging_rows_upload_idx" ON "sales"."staging_rows" ("upload_id")`);
  }
}
