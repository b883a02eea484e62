import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Demand drivers beyond price and promo (a file's extra numeric columns) on every sales fact, and
 * the planned drivers of weeks ahead: one row per week, SKU and store, where the store `*` plans the
 * whole chain (a store's own row wins over it).
 */
export class DriversAndPlans1765900000000 implements MigrationInterface {
  name = 'DriversAndPlans1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sales"."staging_template" ADD COLUMN "drivers" jsonb`);
    await q.query(`ALTER TABLE "sales"."facts" ADD COLUMN "drivers" jsonb`);
    // UNLOGGED for the same reason as the sales staging rows (see UploadsAndFacts).
    await q.query(`CREATE UNLOGGED TABLE "sales"."plan_staging_template" (
      "line" int NOT NULL,
      "week" date NOT NULL,
      "store" text NOT NULL,
      "sku" text NOT NULL,
      "price" numeric,
      "promo" boolean,
      "drivers" jsonb
    )`);
    await q.query(`CREATE TABLE "sales"."planned_drivers" (
      "week" date NOT NULL,
      "store" text NOT NULL,
      "sku" text NOT NULL,
      "price" numeric,
      "promo" boolean,
      "drivers" jsonb,
      -- Where the row came from: an upload, or an analyst in the app.
      "upload_id" uuid,
      "entered_by" text,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("sku", "store", "week"),
      CHECK ((upload_id IS NULL) <> (entered_by IS NULL))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sales"."planned_drivers"`);
    await q.query(`DROP TABLE "sales"."plan_staging_template"`);
    await q.query(`ALTER TABLE "sales"."facts" DROP COLUMN "drivers"`);
    await q.query(`ALTER TABLE "sales"."staging_template" DROP COLUMN "drivers"`);
  }
}
