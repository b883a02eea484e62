import { MigrationInterface, QueryRunner } from 'typeorm';

/** Versions (v1, v2, … of a family) and what-if scenarios branched from a version. */
export class PlanLineage1764800000000 implements MigrationInterface {
  name = 'PlanLineage1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "planning"."plans" ADD "family_id" uuid, ADD "revision" int NOT NULL DEFAULT 1, ADD "scenario" text, ADD "branched_from" uuid`);
    await q.query(`UPDATE "planning"."plans" SET "family_id" = "id"`);
    await q.query(`ALTER TABLE "planning"."plans" ALTER "family_id" SET NOT NULL`);
    await q.query(`CREATE INDEX "plans_family_idx" ON "planning"."plans" ("family_id", "revision")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "planning"."plans" DROP "family_id", DROP "revision", DROP "scenario", DROP "branched_from"`);
  }
}
