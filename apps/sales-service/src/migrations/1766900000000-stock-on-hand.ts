import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stock on hand uploaded on its own (`week,store,sku,on_hand`): the units of each SKU in each store at a week's end. */
export class StockOnHand1766900000000 implements MigrationInterface {
  name = 'StockOnHand1766900000000';

  async up(q: QueryRunner): Promise<void> {
    // UNLOGGED for the same reason as the sales staging rows (see UploadsAndFacts).
    await q.query(`CREATE UNLOGGED TABLE "sales"."stock_staging_template" (
      "line" int NOT NULL,
      "week" date NOT NULL,
      "store" text NOT NULL,
      "sku" text NOT NULL,
      "on_hand" numeric NOT NULL
    )`);
    await q.query(`CREATE TABLE "sales"."stock_on_hand" (
      "week" date NOT NULL,
      "store" text NOT NULL,
      "sku" text NOT NULL,
      "on_hand" numeric NOT NULL CHECK ("on_hand" >= 0),
      "upload_id" uuid NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("week", "store", "sku")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sales"."stock_on_hand"`);
    await q.query(`DROP TABLE "sales"."stock_staging_template"`);
  }
}
