import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accuracy credits a layer only for the forecasts it shaped: `forecasts.override_id` is the newest
 * layer whose change a forecast's final holds, set whenever that final is computed (a run's forecast
 * is frozen once a newer run replaces it).
 *
 * Existing forecasts get the newest layer that was active on the cell while they were current, as
 * far as the timestamps tell (a run stops being current for a series when the next run stores it).
 */
export class ForecastOverride1765500000000 implements MigrationInterface {
  name = 'ForecastOverride1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."forecasts" ADD "override_id" uuid`);
    await q.query(`WITH spans AS (
        SELECT run_id, sku, store, lead(created_at) OVER (PARTITION BY sku, store ORDER BY created_at) AS until
        FROM forecast.run_series
      )
      UPDATE forecast.forecasts f SET override_id = (
        SELECT o.id FROM forecast.override_cells oc JOIN forecast.overrides o ON o.id = oc.override_id
        WHERE oc.sku = f.sku AND oc.store = f.store AND oc.week = f.week
          AND o.created_at < coalesce(sp.until, 'infinity') AND (o.reverted_at IS NULL OR o.reverted_at >= coalesce(sp.until, 'infinity'))
        ORDER BY o.created_at DESC, o.id DESC LIMIT 1)
      FROM spans sp
      WHERE sp.run_id = f.run_id AND sp.sku = f.sku AND sp.store = f.store
        AND EXISTS (SELECT 1 FROM forecast.override_cells oc WHERE oc.sku = f.sku AND oc.store = f.store AND oc.week = f.week)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."forecasts" DROP "override_id"`);
  }
}
