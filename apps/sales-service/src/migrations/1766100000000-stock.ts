import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stock on sales facts: units on hand at the week's end and the stock-out flag. A week flagged out of
 * stock, or with nothing on hand and nothing sold, is censored: its sales say less than its demand.
 */
export class Stock1766100000000 implements MigrationInterface {
  name = 'Stock1766100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['staging_template', 'facts']) {
      await q.query(`ALTER TABLE "sales"."${table}" ADD "on_hand" numeric, ADD "stockout" boolean`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['staging_template', 'facts']) {
      await q.query(`ALTER TABLE "sales"."${table}" DROP COLUMN "stockout", DROP COLUMN "on_hand"`);
    }
  }
}
