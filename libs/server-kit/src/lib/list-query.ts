import { ErrorCodes, Page, PageQuery } from '@tideline/contracts';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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
  const sort = query.sort ?? options.defaultSort;
  const field = sort.replace(/^-/, '');
  if (!options.sortable.includes(field)) {
    const reason = `sort must be one of ${options.sortable.join(', ')} (prefix - for descending)`;
    throw new DomainError(ErrorCodes.validationFailed, reason, { fields: { sort: [reason] } });
  }
  const pageSize = query.pageSize ?? 50;
  const [rows, total] = await qb
    .orderBy(`${alias}.${field}`, sort.startsWith('-') ? 'DESC' : 'ASC')
    .skip(((query.page ?? 1) - 1) * pageSize)
    .take(pageSize)
    .getManyAndCount();
  return { items: rows.map(options.view), total };
}

/** `%text%` for ILIKE, with the caller's wildcards escaped. */
export const containsPattern = (text: string) => `%${text.replace(/[%_\\]/g, '\\$&')}%`;
