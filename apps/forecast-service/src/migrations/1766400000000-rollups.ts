import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Aggregates kept, not recomputed on each read: the current forecast summed by week at every level
 * that reads ask for (a product level × a store level, see series/rollups.ts), each driver's lift
 * apart, and a state row whose version moves with every change of what forecast reads show (the key
 * of their caches).
 */
export class Rollups1766400000000 implements MigrationInterface {
  name = 'Rollups1766400000000';

  async up(q: QueryRunner): Promise<void> {
    const key = `"product_level" text NOT NULL, "product_code" text NOT NULL, "store_level" text NOT NULL, "store_code" text NOT NULL, "week" date NOT NULL`;
    // sq_*: the sum over the cells of their squared band widths, which combines their bands as if independent.
    await q.query(`CREATE TABLE "forecast"."rollups" (${key},
      "cells" int NOT NULL, "statistical" float8 NOT NULL, "final" float8 NOT NULL, "baseline" float8 NOT NULL,
      "sq_lo80" float8 NOT NULL, "sq_hi80" float8 NOT NULL, "sq_lo95" float8 NOT NULL, "sq_hi95" float8 NOT NULL,
      PRIMARY KEY ("product_level", "product_code", "store_level", "store_code", "week"))`);
    await q.query(`CREATE TABLE "forecast"."rollup_lifts" (${key}, "driver" text NOT NULL, "lift" float8 NOT NULL,
      PRIMARY KEY ("product_level", "product_code", "store_level", "store_code", "week", "driver"))`);
    await q.query(`CREATE TABLE "forecast"."rollup_state" ("id" boolean PRIMARY KEY DEFAULT true CHECK ("id"), "version" bigint NOT NULL, "as_of" date)`);
    await q.query(`INSERT INTO "forecast"."rollup_state" ("version", "as_of") VALUES (0, NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "forecast"."rollup_state"`);
    await q.query(`DROP TABLE "forecast"."rollup_lifts"`);
    await q.query(`DROP TABLE "forecast"."rollups"`);
  }
}
