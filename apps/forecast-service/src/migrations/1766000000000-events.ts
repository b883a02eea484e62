import { MigrationInterface, QueryRunner } from 'typeorm';

/** Custom events (a demand driver by name) in some weeks, for the chain, a region or a store. */
export class Events1766000000000 implements MigrationInterface {
  name = 'Events1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "forecast"."events" (
      "id" uuid PRIMARY KEY,
      "name" text NOT NULL,
      "weeks" date[] NOT NULL,
      "region" text,
      "store" text,
      "created_by" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "forecast"."events"`);
  }
}
