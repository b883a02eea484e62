import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SalesPatterns, SeriesQuery, SeriesView } from '@tideline/contracts';
import { DataSource } from 'typeorm';

@Controller()
export class SeriesController {
  constructor(private readonly dataSource: DataSource) {}

  /** One SKU × store, week by week (served by the facts_series_idx index). */
  @MessagePattern(SalesPatterns.series)
  async series(@Payload() query: SeriesQuery): Promise<SeriesView> {
    const rows: Array<{ week: string; units: string; revenue: string | null }> = await this.dataSource.query(
      `SELECT to_char(week, 'YYYY-MM-DD') AS week, units, revenue FROM sales.facts
       WHERE sku = $1 AND store = $2 AND week >= coalesce($3::date, '-infinity') AND week <= coalesce($4::date, 'infinity')
       ORDER BY week`,
      [query.sku, query.store, query.from ?? null, query.to ?? null],
    );
    return { points: rows.map((r) => ({ week: r.week, units: Number(r.units), revenue: r.revenue === null ? null : Number(r.revenue) })) };
  }
}
