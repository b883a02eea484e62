import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Override layers keep their kind across runs: `override_cells.share` is the cell's share of the
 * layer's weekly target, as the layer was spread. A later run re-applies each active layer by its
 * kind with it (a value stays that value spread as it was, a percent a percent, a delta its share
 * of the delta); `delta` becomes the layer's change on the series' current forecast.
 *
 * Existing layers get the share their cells show: a delta layer's change over its amount; a value
 * layer's part of the value as its cells show it on the current forecast (exact for a layer made on
 * the current run); an even share of the week otherwise (percent layers do not use it).
 */
export class OverrideKinds1765400000000 implements MigrationInterface {
  name = 'OverrideKinds1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."override_cells" ADD "share" float8`);
    await q.query(`UPDATE forecast.override_cells oc SET share = oc.delta / o.amount
      FROM forecast.overrides o WHERE o.id = oc.override_id AND o.kind = 'delta' AND o.amount <> 0`);
    await q.query(`WITH shown AS (
        SELECT oc.override_id, oc.sku, oc.store, oc.week, greatest(0, f.statistical + (
          SELECT sum(oc2.delta) FROM forecast.override_cells oc2 JOIN forecast.overrides o2 ON o2.id = oc2.override_id
          WHERE oc2.sku = oc.sku AND oc2.store = oc.store AND oc2.week = oc.week
            AND (o2.reverted_at IS NULL OR o2.id = o.id) AND (o2.created_at, o2.id) <= (o.created_at, o.id))) AS after
        FROM forecast.override_cells oc
        JOIN forecast.overrides o ON o.id = oc.override_id AND o.kind = 'value'
        JOIN forecast.series s ON s.sku = oc.sku AND s.store = oc.store
        JOIN forecast.forecasts f ON f.run_id = s.run_id AND f.sku = oc.sku AND f.store = oc.store AND f.week = oc.week
      ), weeks AS (
        SELECT *, sum(after) OVER w AS total, count(*) OVER w AS n FROM shown WINDOW w AS (PARTITION BY override_id, week)
      )
      UPDATE forecast.override_cells oc SET share = CASE WHEN w.total > 0 THEN w.after / w.total ELSE 1.0 / w.n END
      FROM weeks w WHERE oc.override_id = w.override_id AND oc.sku = w.sku AND oc.store = w.store AND oc.week = w.week`);
    await q.query(`UPDATE forecast.override_cells oc SET share = 1.0 / c.n
      FROM (SELECT override_id, week, count(*) AS n FROM forecast.override_cells GROUP BY 1, 2) c
      WHERE oc.share IS NULL AND c.override_id = oc.override_id AND c.week = oc.week`);
    await q.query(`ALTER TABLE "forecast"."override_cells" ALTER "share" SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecast"."override_cells" DROP "share"`);
  }
}
