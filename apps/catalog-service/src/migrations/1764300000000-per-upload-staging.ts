import { MigrationInterface, QueryRunner } from 'typeorm';

/** As in sales: each import stages into a table of its own, created from these templates. */
export class PerUploadStaging1764300000000 implements MigrationInterface {
  name = 'PerUploadStaging1764300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const kind of ['products', 'stores']) {
      await q.query(`ALTER TABLE "catalog"."staging_${kind}" DROP COLUMN "upload_id"`);
      await q.query(`ALTER TABLE "catalog"."staging_${kind}" RENAME TO "staging_${kind}_template"`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const kind of ['products', 'stores']) {
      await q.query(`ALTER TABLE "catalog"."staging_${kind}_template" RENAME TO "staging_${kind}"`);
      await q.query(`ALTER TABLE "catalog"."staging_${kind}" ADD COLUMN "upload_id" uuid`);
      await q.query(`CREATE INDEX "staging_${kind}_upload_idx" ON "catalog"."staging_${kind}" ("upload_id")`);
    }
  }
}
