import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SalesPatterns, SeriesQuery, SeriesView, TotalsRequest } from '@tideline/contracts';
import { DataSource } from 'typeorm';

type Row = { week: string; units: string; revenue: string | null };

const toView = (rows: Row[]): SeriesView => ({
  points: rows.map((r) => ({ week: r.week, units: Number(r.units), revenue: r.revenue === null ? null : Number(r.revenue) })),
});

const WEEK_RANGE = `week >= coalesce($3::date, '-infinity') AND week <= coalesce($4::date, 'infinity')`;

@Controller()
export class SeriesController {
  constructor(private readonly dataSource: DataSource) {}

  /** One SKU × store, week by week (served by the facts_series_idx index). */
  @MessagePattern(SalesPatterns.series)
  async series(@Payload() query: SeriesQuery): Promise<SeriesView> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT to_char(week, 'YYYY-MM-DD') AS week, units, revenue FROM sales.facts
       WHERE sku = $1 AND store = $2 AND ${WEEK_RANGE} ORDER BY week`,
      [query.sku, query.store, query.from ?? null, query.to ?? null],
    );
    return toView(rows);
  }

  /** Weekly sums over a selection of SKUs and stores (absent = all); revenue sums only the rows that have one. */
  @MessagePattern(SalesPatterns.totals)
  async totals(@Payload() request: TotalsRequest): Promise<SeriesView> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT to_char(week, 'YYYY-MM-DD') AS week, sum(units) AS units, sum(revenue) AS revenue FROM sales.facts
       WHERE ($1::text[] IS NULL OR sku = ANY($1)) AND ($2::text[] IS NULL OR store = ANY($2)) AND ${WEEK_RANGE}
       GROUP BY week ORDER BY week`,
      [request.skus ?? null, request.stores ?? null, request.from ?? null, request.to ?? null],
    );
    return toView(rows);
  }
}
