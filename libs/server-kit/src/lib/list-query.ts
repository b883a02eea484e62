import { ErrorCodes, Page, PageQuery } from '@tideline/contracts';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from './domain-error';

/**
 * Applies a list request to a query: equality filters, a sort restricted to `sortable`
 * (`field` or `-field`), and 1-based paging; answers `{items, total}`.
 */
export async function listPage<T extends ObjectLiteral, V>(
  qb: SelectQueryBuilder<T>,
  query: PageQuery,
  options: { sortable: readonly string[]; defaultSort: string; filters?: Record<string, unknown>; view: (row: T) => V },
): Promise<Page<V>> {
  const alias = qb.alias;
  for (const [column, value] of Object.entries(options.filters ?? {})) {
    if (value !== undefined) qb.andWhere(`${alias}.${column} = :${column}`, { [column]: value });
  }
  const { field, direction } = sortOf(query, options.defaultSort, options.sortable);
  const pageSize = query.pageSize ?? 50;
  const [rows, total] = await qb
    .orderBy(`${alias}.${field}`, direction)
    .skip(((query.page ?? 1) - 1) * pageSize)
    .take(pageSize)
    .getManyAndCount();
  return { items: rows.map(options.view), total };
}

/**
 * The same for a raw SQL list: `SELECT select FROM from` (a FROM clause with its WHERE, `$1…` being
 * `params`) sorted by a field of `sortable` (field → SQL expression) and paged; the total counts
 * every matching row, whichever page is asked for.
 */
export async function sqlPage<R>(
  db: Pick<EntityManager, 'query'>,
  query: PageQuery,
  options: { select: string; from: string; params?: unknown[]; sortable: Record<string, string>; defaultSort: string; defaultPageSize?: number },
): Promise<{ rows: R[]; total: number }> {
  const { field, direction } = sortOf(query, options.defaultSort, Object.keys(options.sortable));
  const pageSize = query.pageSize ?? options.defaultPageSize ?? 50;
  const params = options.params ?? [];
  const rows: R[] = await db.query(
    `SELECT ${options.select} FROM ${options.from} ORDER BY ${options.sortable[field]} ${direction} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, pageSize, ((query.page ?? 1) - 1) * pageSize],
  );
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM ${options.from}`, params);
  return { rows, total };
}

/** `field` or `-field`, refused with 400 naming `sort` unless sortable. */
function sortOf(query: PageQuery, defaultSort: string, sortable: readonly string[]): { field: string; direction: 'ASC' | 'DESC' } {
  const sort = query.sort ?? defaultSort;
  const field = sort.replace(/^-/, '');
  if (!sortable.includes(field)) {
    const reason = `sort must be one of ${sortable.join(', ')} (prefix - for descending)`;
    throw new DomainError(ErrorCodes.validationFailed, reason, { fields: { sort: [reason] } });
  }
  return { field, direction: sort.startsWith('-') ? 'DESC' : 'ASC' };
}

/** `%text%` for ILIKE, with the caller's wildcards escaped. */
export const containsPattern = (text: string) => `%${text.replace(/[%_\\]/g, '\\$&')}%`;
