import { MigrationInterface, QueryRunner } from 'typeorm';

/** The catalog's unit cost (null where unknown), so plan baselines carry the forecast's cost. */
export class ProductCosts1765100000000 implements MigrationInterface {
  name = 'ProductCosts1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."products" ADD "unit_cost" float8`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."products" DROP "unit_cost"`);
  }
}
