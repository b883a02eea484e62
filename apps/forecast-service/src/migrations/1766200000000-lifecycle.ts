import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog's lifecycle fields in the forecast's copy of it (like-items and like-stores, launches,
 * discontinuations with successors, store openings and closings), each forecast series' note of
 * what its phase-in or end did (`lifecycle`, shown in the explorer), and what accuracy needs to
 * report new items apart.
 */
export class Lifecycle1766200000000 implements MigrationInterface {
  name = 'Lifecycle1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."products" ADD "like_sku" text, ADD "like_from" date, ADD "discontinued_on" date, ADD "successor_sku" text`);
    await q.query(`ALTER TABLE "forecast"."stores" ADD "like_store" text, ADD "opened_on" date, ADD "closed_on" date`);
    // Weeks of its own history at the origin, and per accuracy point whether the week was among the
    // series' first 13 (a new product or store): accuracy reports new items apart.
    await q.query(`ALTER TABLE "forecast"."run_series" ADD "lifecycle" jsonb, ADD "history_weeks" int`);
    await q.query(`ALTER TABLE "forecast"."accuracy" ADD "new_item" boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."accuracy" DROP "new_item"`);
    await q.query(`ALTER TABLE "forecast"."run_series" DROP "lifecycle", DROP "history_weeks"`);
    await q.query(`ALTER TABLE "forecast"."stores" DROP "like_store", DROP "opened_on", DROP "closed_on"`);
    await q.query(`ALTER TABLE "forecast"."products" DROP "like_sku", DROP "like_from", DROP "discontinued_on", DROP "successor_sku"`);
  }
}
