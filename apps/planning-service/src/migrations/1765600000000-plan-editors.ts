import { MigrationInterface, QueryRunner } from 'typeorm';

/** Managers the owner names who may change a draft besides the owner (and admins). */
export class PlanEditors1765600000000 implements MigrationInterface {
  name = 'PlanEditors1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "planning"."plans" ADD "editors" text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "planning"."plans" DROP COLUMN "editors"`);
  }
}
