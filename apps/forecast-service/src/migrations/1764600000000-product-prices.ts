import { MigrationInterface, QueryRunner } from 'typeorm';

/** Unit prices in the catalog copy, so product forecasts can be valued (assortment revenue). */
export class ProductPrices1764600000000 implements MigrationInterface {
  name = 'ProductPrices1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."products" ADD "unit_price" float8 NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."products" DROP COLUMN "unit_price"`);
  }
}
