import { MigrationInterface, QueryRunner } from 'typeorm';

/** How each plan lines last year up with its weeks (the retail calendar's same fiscal week, or Easter's week around Easter). */
export class FiscalCalendar1766800000000 implements MigrationInterface {
  name = 'FiscalCalendar1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "planning"."plans" ADD "last_year" text NOT NULL DEFAULT 'fiscal_week' CHECK ("last_year" IN ('fiscal_week', 'holiday'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "planning"."plans" DROP COLUMN "last_year"`);
  }
}
