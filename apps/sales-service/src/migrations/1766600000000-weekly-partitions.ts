import { MigrationInterface, QueryRunner } from 'typeorm';
import { narrowFactPartitions } from '../facts/week-partitions';

/**
 * Sales files are staged by week, each week a table of the facts' shape, and a week sales.facts
 * does not hold yet is attached to it as a partition instead of being inserted row by row
 * (UploadFinalizer). The staging template takes the facts' last two columns, and the yearly
 * partitions give up the weeks they do not hold.
 */
export class WeeklyPartitions1766600000000 implements MigrationInterface {
  name = 'WeeklyPartitions1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sales"."staging_template" ADD "upload_id" uuid NOT NULL, ADD "updated_at" timestamptz NOT NULL DEFAULT now()`);
    await narrowFactPartitions(q);
  }

  async down(q: QueryRunner): Promise<void> {
    // The weekly partitions stay; a DEFAULT partition takes the weeks the earlier merge inserts.
    await q.query(`CREATE TABLE IF NOT EXISTS "sales"."facts_other" PARTITION OF "sales"."facts" DEFAULT`);
    await q.query(`ALTER TABLE "sales"."staging_template" DROP COLUMN "upload_id", DROP COLUMN "updated_at"`);
  }
}
