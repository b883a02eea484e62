import { MigrationInterface, QueryRunner } from 'typeorm';

/** What a unit costs the chain, where known (imports may carry it in an optional `unit_cost` column). */
export class ProductCost1765100000000 implements MigrationInterface {
  name = 'ProductCost1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "catalog"."products" ADD "unit_cost" numeric(14,4) CHECK ("unit_cost" >= 0)`);
    await q.query(`ALTER TABLE "catalog"."staging_products_template" ADD "unit_cost" numeric`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "catalog"."staging_products_template" DROP "unit_cost"`);
    await q.query(`ALTER TABLE "catalog"."products" DROP "unit_cost"`);
  }
}
