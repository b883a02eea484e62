import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Purchase orders (`order,sku,store,due_week,units,cost`): what is on order for each store, by the
 * week it is due. One line per order, store and SKU; a restated line may move its due week.
 */
export class PurchaseOrders1767000000000 implements MigrationInterface {
  name = 'PurchaseOrders1767000000000';

  async up(q: QueryRunner): Promise<void> {
    // UNLOGGED for the same reason as the sales staging rows (see UploadsAndFacts).
    await q.query(`CREATE UNLOGGED TABLE "sales"."order_staging_template" (
      "line" int NOT NULL,
      "week" date NOT NULL,
      "store" text NOT NULL,
      "sku" text NOT NULL,
      "order_no" text NOT NULL,
      "units" numeric NOT NULL,
      "cost" numeric NOT NULL
    )`);
    await q.query(`CREATE TABLE "sales"."purchase_orders" (
      "order_no" text NOT NULL,
      "store" text NOT NULL,
      "sku" text NOT NULL,
      "week" date NOT NULL,
      "units" numeric NOT NULL CHECK ("units" >= 0),
      "cost" numeric NOT NULL CHECK ("cost" >= 0),
      "upload_id" uuid NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("order_no", "store", "sku")
    )`);
    await q.query(`CREATE INDEX "purchase_orders_due_idx" ON "sales"."purchase_orders" ("week", "store", "sku")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sales"."purchase_orders"`);
    await q.query(`DROP TABLE "sales"."order_staging_template"`);
  }
}
