import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { CatalogPatterns, CreateEventCommand, ErrorCodes, EventView, HistorySeries, ImportEventsCommand, HolidayLocale, addWeeks, driverColumn, holidayWeeks, isMonday } from '@tideline/contracts';
import { DomainError, RowProblem, sendRpc, serviceClientToken, updateReturning } from '@tideline/server-kit';
import { EventRow, readEventRows } from './event-rows';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

const CATALOG_TIMEOUT_MS = 10_000;
const WEEK_MS = 7 * 86_400_000;
type StoredEvent = { id: string; name: string; weeks: string[]; region: string | null; store: string | null; created_by: string; created_at: Date };

const toView = (r: StoredEvent): EventView => ({
  id: r.id,
  name: r.name,
  weeks: r.weeks,
  scope: { ...(r.region !== null ? { region: r.region } : {}), ...(r.store !== null ? { store: r.store } : {}) },
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
});
const COLUMNS = `id, name, ARRAY(SELECT to_char(w, 'YYYY-MM-DD') FROM unnest(weeks) w ORDER BY w) AS weeks, region, store, created_by, created_at`;

/**
 * Custom events and built-in holidays as demand drivers: each event name (and each holiday) is a
 * driver that is 1 in its weeks for the series in its scope, in the history and the planned weeks alike.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(serviceClientToken('catalog')) private readonly catalog: ClientProxy,
  ) {}

  /** In `m`, the transaction of the request's runOnce. */
  async create(command: CreateEventCommand, m: EntityManager): Promise<EventView> {
    const notMonday = command.weeks.find((week) => !isMonday(week));
    if (notMonday) throw new DomainError(ErrorCodes.validationFailed, `weeks: ${notMonday} is not a Monday (weeks are named by their Monday)`, { field: 'weeks' });
    if (command.region !== undefined && command.store !== undefined) {
      throw new DomainError(ErrorCodes.validationFailed, 'Give a region or a store, not both (neither: the whole chain)', { field: 'region' });
    }
    if (command.store !== undefined) {
      const { known } = await sendRpc(this.catalog, CatalogPatterns.resolveStores, { codes: [command.store] }, CATALOG_TIMEOUT_MS);
      if (known.length === 0) throw new DomainError(ErrorCodes.validationFailed, `store: ${command.store} is not in the catalog`, { field: 'store' });
    }
    if (command.region !== undefined) {
      const { codes } = await sendRpc(this.catalog, CatalogPatterns.storeCodes, { region: command.region }, CATALOG_TIMEOUT_MS);
      if (codes.length === 0) throw new DomainError(ErrorCodes.validationFailed, `region: no store of the catalog is in ${command.region}`, { field: 'region' });
    }
    return this.insert(m, command, command.actor);
  }

  /**
   * An events file, all or nothing: its rows grouped into one event per name and scope; every bad
   * row (and every store or region the catalog does not know) named by line and column.
   */
  async importCsv(command: ImportEventsCommand, m: EntityManager): Promise<EventView[]> {
    const read = await readEventRows(command.csv);
    const problems = [...read.problems, ...(await this.unknownScopes(read.rows))].sort((a, b) => a.line - b.line);
    if (problems.length > 0) {
      const shown = problems.slice(0, 20).map((p) => `line ${p.line}, ${p.column}${p.value ? ` "${p.value}"` : ''}: ${p.reason}`);
      const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
      throw new DomainError(ErrorCodes.validationFailed, `No event was added: ${shown.join('; ')}${more}`, { problems: problems.slice(0, 1000) });
    }
    const groups = new Map<string, { name: string; region: string | null; store: string | null; weeks: string[] }>();
    for (const row of read.rows) {
      const key = JSON.stringify([row.name, row.region, row.store]);
      const group = groups.get(key) ?? { name: row.name, region: row.region, store: row.store, weeks: [] };
      group.weeks.push(row.week);
      groups.set(key, group);
    }
    const created: EventView[] = [];
    for (const group of groups.values()) created.push(await this.insert(m, group, command.actor));
    return created;
  }

  /** The rows whose store or region the catalog does not know. */
  private async unknownScopes(rows: EventRow[]): Promise<RowProblem[]> {
    const stores = [...new Set(rows.flatMap((r) => (r.store ? [r.store] : [])))];
    const known = stores.length ? new Set((await sendRpc(this.catalog, CatalogPatterns.resolveStores, { codes: stores }, CATALOG_TIMEOUT_MS)).known) : new Set<string>();
    const regions = new Map<string, boolean>();
    for (const region of new Set(rows.flatMap((r) => (r.region ? [r.region] : [])))) {
      regions.set(region, (await sendRpc(this.catalog, CatalogPatterns.storeCodes, { region }, CATALOG_TIMEOUT_MS)).codes.length > 0);
    }
    return rows.flatMap((r) => [
      ...(r.store && !known.has(r.store) ? [{ line: r.line, column: 'store', value: r.store, reason: 'unknown store: not in the catalog' }] : []),
      ...(r.region && !regions.get(r.region) ? [{ line: r.line, column: 'region', value: r.region, reason: 'no store of the catalog is in this region' }] : []),
    ]);
  }

  private async insert(m: EntityManager, event: { name: string; weeks: string[]; region?: string | null; store?: string | null }, actor: string): Promise<EventView> {
    const [row]: StoredEvent[] = await m.query(
      `INSERT INTO forecast.events (id, name, weeks, region, store, created_by) VALUES ($1, $2, $3::date[], $4, $5, $6) RETURNING ${COLUMNS}`,
      [randomUUID(), event.name, [...new Set(event.weeks)], event.region ?? null, event.store ?? null, actor],
    );
    return toView(row);
  }

  async list(): Promise<EventView[]> {
    const rows: StoredEvent[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM forecast.events ORDER BY name, created_at`);
    return rows.map(toView);
  }

  async remove(id: string, m: EntityManager): Promise<EventView> {
    // TypeORM answers a DELETE … RETURNING as [rows, count]: updateReturning takes the rows.
    const [row] = await updateReturning<StoredEvent>(m, `DELETE FROM forecast.events WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
    if (!row) throw new DomainError(ErrorCodes.notFound, `No event ${id}`, { id });
    return toView(row);
  }

  /**
   * Adds every event and holiday as a driver to the histories (from each series' start to `asOf`)
   * and to the planned weeks after it. A store's region comes from the catalog mirror the run refreshed.
   */
  async addTo(found: HistorySeries[], asOf: string, horizon: number, locale: HolidayLocale | undefined): Promise<void> {
    const starts = found.flatMap((s) => (s.start ? [s.start] : []));
    if (starts.length === 0) return;
    const events: StoredEvent[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM forecast.events`);
    const from = starts.reduce((a, b) => (a < b ? a : b));
    const holidays = locale ? holidayWeeks(locale, from, addWeeks(asOf, horizon)) : [];
    if (events.length === 0 && holidays.length === 0) return;
    const stores = [...new Set(found.map((s) => s.store))];
    const regions = new Map<string, string>(
      (await this.dataSource.query(`SELECT code, region FROM forecast.stores WHERE code = ANY($1)`, [stores])).map((r: { code: string; region: string }) => [r.code, r.region]),
    );
    const scoped = [...holidays.map((h) => ({ name: h.holiday, weeks: [h.week], region: null, store: null })), ...events];
    for (const series of found) {
      const region = regions.get(series.store);
      for (const event of scoped) {
        if ((event.store !== null && event.store !== series.store) || (event.region !== null && event.region !== region)) continue;
        for (const week of event.weeks) mark(series, event.name, asOf, week);
      }
    }
  }
}

/** Sets driver `name` to 1 in `week`: in the history (weeks from the series' start to `asOf`) or in the planned weeks after it. */
export function mark(series: HistorySeries, name: string, asOf: string, week: string): void {
  if (!series.start || !series.history || !series.planned) return;
  const past = week <= asOf;
  const [drivers, length, index] = past
    ? [series.history.drivers, series.units.length, Math.round((Date.parse(week) - Date.parse(series.start)) / WEEK_MS)]
    : [series.planned.drivers, series.planned.price.length, Math.round((Date.parse(week) - Date.parse(asOf)) / WEEK_MS) - 1];
  if (index >= 0 && index < length) driverColumn(drivers, name, length)[index] = 1;
}
