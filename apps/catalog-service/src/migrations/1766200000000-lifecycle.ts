import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A product's and a store's life: the like-item a new product is forecast from (and the week from
 * which it is), the week a product is discontinued and the successor its demand moves to, and the
 * like-store of a new store. Codes, not foreign keys: a file may name a product it brings itself, and
 * the forecast ignores a like-item it has no sales of.
 */
export class Lifecycle1766200000000 implements MigrationInterface {
  name = 'Lifecycle1766200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['products', 'staging_products_template']) {
      await q.query(`ALTER TABLE "catalog"."${table}" ADD "like_sku" text, ADD "like_from" date, ADD "discontinued_on" date, ADD "successor_sku" text`);
    }
    for (const table of ['stores', 'staging_stores_template']) await q.query(`ALTER TABLE "catalog"."${table}" ADD "like_store" text`);
    await q.query(`ALTER TABLE "catalog"."products" ADD CONSTRAINT "products_like_not_self" CHECK ("like_sku" <> "sku" AND "successor_sku" <> "sku")`);
    await q.query(`ALTER TABLE "catalog"."stores" ADD CONSTRAINT "stores_like_not_self" CHECK ("like_store" <> "code")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['stores', 'staging_stores_template']) await q.query(`ALTER TABLE "catalog"."${table}" DROP CONSTRAINT IF EXISTS "stores_like_not_self", DROP "like_store"`);
    for (const table of ['products', 'staging_products_template']) {
      await q.query(`ALTER TABLE "catalog"."${table}" DROP CONSTRAINT IF EXISTS "products_like_not_self", DROP "like_sku", DROP "like_from", DROP "discontinued_on", DROP "successor_sku"`);
    }
  }
}
