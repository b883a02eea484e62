import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProductsAndStores1764100000000 implements MigrationInterface {
  name = 'ProductsAndStores1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "catalog"."products" (
      "sku" text PRIMARY KEY,
      "name" text NOT NULL,
      "department" text NOT NULL,
      "category" text NOT NULL,
      "subcategory" text NOT NULL,
      "brand" text NOT NULL,
      "unit_price" numeric(14,4) NOT NULL CHECK ("unit_price" >= 0),
      "active" boolean NOT NULL DEFAULT true,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "products_hierarchy_idx" ON "catalog"."products" ("department", "category", "subcategory")`);
    await q.query(`CREATE INDEX "products_name_idx" ON "catalog"."products" (lower("name"))`);
    await q.query(`CREATE TABLE "catalog"."stores" (
      "code" text PRIMARY KEY,
      "name" text NOT NULL,
      "region" text NOT NULL,
      "cluster" text NOT NULL,
      "opened_on" date,
      "closed_on" date,
      "active" boolean NOT NULL DEFAULT true,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CHECK ("closed_on" IS NULL OR "opened_on" IS NULL OR "closed_on" >= "opened_on")
    )`);
    await q.query(`CREATE INDEX "stores_region_cluster_idx" ON "catalog"."stores" ("region", "cluster")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "catalog"."stores"`);
    await q.query(`DROP TABLE "catalog"."products"`);
  }
}
