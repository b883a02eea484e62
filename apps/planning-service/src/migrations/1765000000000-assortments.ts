import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per plan: which products are in which cluster's range, with their forecast figures. */
export class Assortments1765000000000 implements MigrationInterface {
  name = 'Assortments1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "planning"."plans" ADD "max_range" int`);
    await q.query(`CREATE TABLE "planning"."assortment" (
      "plan_id" uuid NOT NULL REFERENCES "planning"."plans" ON DELETE CASCADE,
      "sku" text NOT NULL,
      "cluster" text NOT NULL,
      "name" text NOT NULL,
      "category" text NOT NULL,
      "in_range" boolean NOT NULL DEFAULT true,
      "from_week" date NOT NULL,
      "units" float8 NOT NULL,
      "revenue" float8 NOT NULL,
      "version" int NOT NULL DEFAULT 1,
      PRIMARY KEY ("plan_id", "sku", "cluster")
    )`);
    await q.query(`CREATE INDEX "assortment_category_idx" ON "planning"."assortment" ("plan_id", "category", "cluster")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "planning"."assortment"`);
    await q.query(`ALTER TABLE "planning"."plans" DROP COLUMN "max_range"`);
  }
}
