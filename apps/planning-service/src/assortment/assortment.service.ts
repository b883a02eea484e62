import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { AssortmentQuery, AssortmentView, AuditEntry, ErrorCodes, ForecastPatterns, ProductCluster, RangeHistoryQuery, RangeItem, SetRangeCommand } from '@tideline/contracts';
import { DomainError, sendRpc, serviceClientToken, updateReturning } from '@tideline/server-kit';
import { DataSource, EntityManager } from 'typeorm';
import { lockDraftFor, readHistory, recordChange } from '../plans/plan-store';

const PRODUCTS_PER_PAGE = 1000;
const FORECAST_TIMEOUT_MS = 30_000;
const ITEM_COLUMNS = `sku, name, category, cluster, in_range, to_char(from_week, 'YYYY-MM-DD') AS from_week, units, revenue, version`;

type ItemRow = { sku: string; name: string; category: string; cluster: string; in_range: boolean; from_week: string; units: number; revenue: number; version: number };

const round = (v: number) => Math.round(v * 100) / 100;
const toItem = (r: ItemRow): RangeItem => ({
  sku: r.sku,
  name: r.name,
  category: r.category,
  cluster: r.cluster,
  inRange: r.in_range,
  fromWeek: r.from_week,
  units: round(r.units),
  revenue: round(r.revenue),
  version: r.version,
});

/**
 * The range of a plan: each product × cluster in or out (from a week), with its forecast units and
 * revenue over the plan's period, the kept range's figures per category and cluster, and the rules
 * that warn (a cluster left without a category, a range above the plan's maximum, a kept product
 * with no forecast demand).
 */
@Injectable()
export class AssortmentService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(serviceClientToken('forecast')) private readonly forecast: ClientProxy,
  ) {}

  /** Every product × cluster the forecast knows for the period, all in range from its first week. */
  async fetchRange(from: string, to: string, department: string | undefined): Promise<ProductCluster[]> {
    const items: ProductCluster[] = [];
    for (let afterSku: string | undefined; ; ) {
      const page = await sendRpc(this.forecast, ForecastPatterns.productClusters, { from, to, department, afterSku, products: PRODUCTS_PER_PAGE }, FORECAST_TIMEOUT_MS);
      if (page.length === 0) break;
      items.push(...page);
      afterSku = page[page.length - 1].sku;
    }
    return items;
  }

  async insertRange(m: EntityManager, planId: string, from: string, items: ProductCluster[]): Promise<void> {
    await m.query(
      `INSERT INTO planning.assortment (plan_id, sku, cluster, name, category, from_week, units, revenue)
       SELECT $1, sku, cluster, name, category, $2, units, revenue
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[]) AS a(sku, cluster, name, category, units, revenue)`,
      [planId, from, ...(['sku', 'cluster', 'name', 'category', 'units', 'revenue'] as const).map((k) => items.map((i) => i[k]))],
    );
  }

  async view(query: AssortmentQuery): Promise<AssortmentView> {
    const [plan] = await this.dataSource.query(`SELECT max_range FROM planning.plans WHERE id = $1`, [query.id]);
    if (!plan) throw new DomainError(ErrorCodes.notFound, `No plan ${query.id}`, { id: query.id });
    const rows: ItemRow[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM planning.assortment
       WHERE plan_id = $1 AND ($2::text IS NULL OR category = $2) AND ($3::text IS NULL OR cluster = $3) ORDER BY category, cluster, sku`,
      [query.id, query.category ?? null, query.cluster ?? null],
    );
    const items = rows.map(toItem);
    const groups = new Map<string, { category: string; cluster: string; kept: number; units: number; revenue: number }>();
    for (const item of items) {
      const key = `${item.category}\u0000${item.cluster}`;
      const group = groups.get(key) ?? { category: item.category, cluster: item.cluster, kept: 0, units: 0, revenue: 0 };
      if (item.inRange) {
        group.kept++;
        group.units += item.units;
        group.revenue += item.revenue;
      }
      groups.set(key, group);
    }
    const summary = [...groups.values()].map((g) => ({ ...g, units: round(g.units), revenue: round(g.revenue) }));
    const warnings = [
      ...summary.filter((g) => g.kept === 0).map((g) => `Cluster ${g.cluster} keeps no product of ${g.category}`),
      ...(plan.max_range ? summary.filter((g) => g.kept > plan.max_range).map((g) => `${g.category} in ${g.cluster} keeps ${g.kept} products, more than the maximum of ${plan.max_range}`) : []),
      ...items.filter((i) => i.inRange && i.units === 0).map((i) => `${i.sku} (${i.name}) is kept in ${i.cluster} with no forecast demand`),
    ];
    return { items, summary, warnings };
  }

  async setRange(command: SetRangeCommand): Promise<RangeItem> {
    const { id, sku, cluster, inRange, fromWeek, version, actor } = command;
    return this.dataSource.transaction(async (m) => {
      const plan = await lockDraftFor(m, id, null, command);
      const [item]: ItemRow[] = await m.query(`SELECT ${ITEM_COLUMNS} FROM planning.assortment WHERE plan_id = $1 AND sku = $2 AND cluster = $3`, [id, sku, cluster]);
      if (!item) throw new DomainError(ErrorCodes.notFound, `The plan's range has no ${sku} in ${cluster}`, { sku, cluster });
      if (item.version !== version) throw new DomainError(ErrorCodes.conflict, `${sku} in ${cluster} changed since version ${version}`, { current: toItem(item) });
      if (fromWeek && (fromWeek < plan.week_from || fromWeek > plan.week_to)) {
        throw new DomainError(ErrorCodes.validationFailed, `fromWeek must be within the plan's period (${plan.week_from} to ${plan.week_to})`);
      }
      const [updated] = await updateReturning<ItemRow>(
        m,
        `UPDATE planning.assortment SET in_range = $4, from_week = coalesce($5, from_week), version = version + 1
         WHERE plan_id = $1 AND sku = $2 AND cluster = $3 RETURNING ${ITEM_COLUMNS}`,
        [id, sku, cluster, inRange, fromWeek ?? null],
      );
      await recordChange(m, id, actor, rangeChange(sku, cluster), { inRange: item.in_range, fromWeek: item.from_week }, { inRange: updated.in_range, fromWeek: updated.from_week });
      return toItem(updated);
    });
  }

  /** The plan's range changes, oldest first; of one product and/or cluster when named. */
  async history({ id, sku, cluster }: RangeHistoryQuery): Promise<AuditEntry[]> {
    const entries = await readHistory(this.dataSource.manager, id, `${RANGE_CHANGE} %`);
    return entries.filter((e) => {
      const [entrySku, entryCluster] = e.what.slice(RANGE_CHANGE.length + 1).split(' × ');
      return (!sku || entrySku === sku) && (!cluster || entryCluster === cluster);
    });
  }
}

const RANGE_CHANGE = 'range';
const rangeChange = (sku: string, cluster: string) => `${RANGE_CHANGE} ${sku} × ${cluster}`;
