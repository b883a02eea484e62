import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Runs and their chunks, the stored forecasts (one snapshot per run), override layers, accuracy
 * points, and a mirror of the catalog attributes that aggregates group by (the catalog's own
 * tables live in another database; the mirror is refreshed at every run).
 */
export class ForecastSchema1764500000000 implements MigrationInterface {
  name = 'ForecastSchema1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "forecast"."runs" (
      "id" uuid PRIMARY KEY,
      "status" text NOT NULL DEFAULT 'queued',
      "trigger" text NOT NULL,
      "scope" jsonb NOT NULL,
      "horizon" int NOT NULL,
      "requested_by" text,
      "as_of" date,
      "series_total" int NOT NULL DEFAULT 0,
      "series_done" int NOT NULL DEFAULT 0,
      "chunks_total" int NOT NULL DEFAULT 0,
      "chunks_done" int NOT NULL DEFAULT 0,
      "engine_version" text NOT NULL,
      "settings" jsonb NOT NULL,
      "error" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "started_at" timestamptz,
      "completed_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "runs_created_idx" ON "forecast"."runs" ("created_at" DESC)`);
    await q.query(`CREATE TABLE "forecast"."run_chunks" (
      "run_id" uuid NOT NULL REFERENCES "forecast"."runs" ON DELETE CASCADE,
      "seq" int NOT NULL,
      "keys" jsonb NOT NULL,
      "done_at" timestamptz,
      PRIMARY KEY ("run_id", "seq")
    )`);
    await q.query(`CREATE TABLE "forecast"."products" (
      "sku" text PRIMARY KEY,
      "name" text NOT NULL,
      "department" text NOT NULL,
      "category" text NOT NULL,
      "subcategory" text NOT NULL
    )`);
    await q.query(`CREATE TABLE "forecast"."stores" (
      "code" text PRIMARY KEY,
      "name" text NOT NULL,
      "region" text NOT NULL,
      "cluster" text NOT NULL
    )`);
    // Per run and series: the model chosen and what accuracy needs later (the origin and the MASE scale).
    await q.query(`CREATE TABLE "forecast"."run_series" (
      "run_id" uuid NOT NULL REFERENCES "forecast"."runs" ON DELETE CASCADE,
      "sku" text NOT NULL,
      "store" text NOT NULL,
      "origin" date NOT NULL,
      "model" text NOT NULL,
      "params" jsonb NOT NULL,
      "pattern" text NOT NULL,
      "backtest_error" float8,
      "scale" float8,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("run_id", "sku", "store")
    )`);
    // The current forecast of each series: the latest run that forecast it.
    await q.query(`CREATE TABLE "forecast"."series" (
      "sku" text NOT NULL,
      "store" text NOT NULL,
      "run_id" uuid NOT NULL,
      "as_of" date NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("sku", "store")
    )`);
    await q.query(`CREATE INDEX "series_store_idx" ON "forecast"."series" ("store")`);
    await q.query(`CREATE TABLE "forecast"."forecasts" (
      "run_id" uuid NOT NULL REFERENCES "forecast"."runs" ON DELETE CASCADE,
      "sku" text NOT NULL,
      "store" text NOT NULL,
      "week" date NOT NULL,
      "statistical" float8 NOT NULL,
      "final" float8 NOT NULL,
      "naive" float8 NOT NULL,
      "lo80" float8 NOT NULL,
      "hi80" float8 NOT NULL,
      "lo95" float8 NOT NULL,
      "hi95" float8 NOT NULL,
      PRIMARY KEY ("run_id", "sku", "store", "week")
    )`);
    await q.query(`CREATE INDEX "forecasts_week_idx" ON "forecast"."forecasts" ("week")`);
    await q.query(`CREATE TABLE "forecast"."overrides" (
      "id" uuid PRIMARY KEY,
      "target" jsonb NOT NULL,
      "week_from" date NOT NULL,
      "week_to" date NOT NULL,
      "kind" text NOT NULL,
      "amount" float8 NOT NULL,
      "reason" text NOT NULL,
      "comment" text,
      "created_by" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "reverted_by" text,
      "reverted_at" timestamptz,
      "cells" int NOT NULL,
      "total_before" float8 NOT NULL,
      "total_after" float8 NOT NULL
    )`);
    await q.query(`CREATE INDEX "overrides_created_idx" ON "forecast"."overrides" ("created_at" DESC)`);
    // One layer's change to one series and week. final = max(0, statistical + Σ active layers' deltas).
    await q.query(`CREATE TABLE "forecast"."override_cells" (
      "override_id" uuid NOT NULL REFERENCES "forecast"."overrides" ON DELETE CASCADE,
      "sku" text NOT NULL,
      "store" text NOT NULL,
      "week" date NOT NULL,
      "delta" float8 NOT NULL,
      PRIMARY KEY ("override_id", "sku", "store", "week")
    )`);
    await q.query(`CREATE INDEX "override_cells_series_idx" ON "forecast"."override_cells" ("sku", "store", "week")`);
    // A forecast compared with the actual that arrived, per series, week and lag.
    await q.query(`CREATE TABLE "forecast"."accuracy" (
      "sku" text NOT NULL,
      "store" text NOT NULL,
      "week" date NOT NULL,
      "lag" int NOT NULL,
      "run_id" uuid NOT NULL,
      "actual" float8 NOT NULL,
      "statistical" float8 NOT NULL,
      "final" float8 NOT NULL,
      "naive" float8 NOT NULL,
      "scale" float8,
      "analyst" text,
      "measured_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("sku", "store", "week", "lag")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['accuracy', 'override_cells', 'overrides', 'forecasts', 'series', 'run_series', 'stores', 'products', 'run_chunks', 'runs']) {
      await q.query(`DROP TABLE "forecast"."${table}"`);
    }
  }
}
