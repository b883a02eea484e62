import { CatalogChangedEvent, CodesReply, ErrorCodes, MAX_FILTER_CODES, Page, PageQuery, ResolveCodesReply, TreeNode } from '@tideline/contracts';
import { DomainError, Outbox, containsPattern, listPage } from '@tideline/server-kit';
import { In, ObjectLiteral, Repository } from 'typeorm';

export interface RecordsSpec<E, V> {
  /** 'product' or 'store', for messages. */
  noun: string;
  /** The natural key column: `sku` or `code`. */
  key: keyof E & string;
  /** Columns the `q` filter searches. */
  searchColumns: string[];
  sortable: readonly string[];
  /** Columns of the hierarchy, top level first. */
  treeLevels: string[];
  changedEvent: string;
  view: (row: E) => V;
}

/**
 * What products and stores have in common: a natural key, list with filters and paging, read,
 * create, update, deactivate (never delete: sales keep referring to them), a hierarchy tree,
 * and a change event with each change (through the outbox: in the same transaction).
 */
export class CatalogRecords<E extends ObjectLiteral & { active: boolean }, V> {
  constructor(
    protected readonly repo: Repository<E>,
    private readonly outbox: Outbox,
    private readonly spec: RecordsSpec<E, V>,
  ) {}

  list(query: PageQuery & { q?: string; active?: boolean }, filters: Record<string, unknown>): Promise<Page<V>> {
    const qb = this.repo.createQueryBuilder('r');
    if (query.q) {
      qb.where(`(${this.spec.searchColumns.map((c) => `r.${c} ILIKE :q`).join(' OR ')})`, { q: containsPattern(query.q) });
    }
    return listPage(qb, query, {
      sortable: this.spec.sortable,
      defaultSort: this.spec.key,
      filters: { ...filters, active: query.active },
      view: this.spec.view,
    });
  }

  async get(key: string): Promise<V> {
    return this.spec.view(await this.find(key));
  }

  async create(fields: Partial<E>): Promise<V> {
    const key = fields[this.spec.key] as string;
    if (await this.repo.existsBy({ [this.spec.key]: key } as never)) {
      throw new DomainError(ErrorCodes.conflict, `A ${this.spec.noun} with ${this.spec.key} ${key} already exists`, {
        field: this.spec.key,
      });
    }
    return this.spec.view(await this.saveAndAnnounce(this.repo.create({ ...fields, active: true } as E), key, 'created'));
  }

  async update(key: string, changes: Partial<E>): Promise<V> {
    const row = await this.find(key);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    return this.spec.view(await this.saveAndAnnounce(Object.assign(row, defined), key, changes.active === false ? 'deactivated' : 'updated'));
  }

  deactivate(key: string): Promise<V> {
    return this.update(key, { active: false } as Partial<E>);
  }

  /** Active records counted at every level of the hierarchy. */
  async tree(): Promise<TreeNode[]> {
    const columns = this.spec.treeLevels.map((c) => `"${c}"`).join(', ');
    const rows: Array<Record<string, string | number>> = await this.repo.query(
      `SELECT ${columns}, count(*)::int AS n FROM ${this.repo.metadata.tablePath} WHERE active GROUP BY ${columns} ORDER BY ${columns}`,
    );
    return nest(rows, this.spec.treeLevels);
  }

  /** Every key matching the equality filters (active or not: their history still counts). */
  async codes(filters: Record<string, string | undefined>): Promise<CodesReply> {
    const qb = this.repo.createQueryBuilder('r').select(`r.${this.spec.key}`, 'code');
    for (const [column, value] of Object.entries(filters)) {
      if (value !== undefined) qb.andWhere(`r.${column} = :${column}`, { [column]: value });
    }
    const rows: Array<{ code: string }> = await qb.orderBy('code').limit(MAX_FILTER_CODES + 1).getRawMany();
    return rows.length > MAX_FILTER_CODES ? { codes: [], tooMany: true } : { codes: rows.map((r) => r.code), tooMany: false };
  }

  async resolve(codes: string[]): Promise<ResolveCodesReply> {
    if (codes.length === 0) return { known: [] };
    const rows = await this.repo.find({ select: { [this.spec.key]: true } as never, where: { [this.spec.key]: In(codes) } as never });
    return { known: rows.map((r) => r[this.spec.key] as string) };
  }

  private async find(key: string): Promise<E> {
    const row = await this.repo.findOneBy({ [this.spec.key]: key } as never);
    if (!row) throw new DomainError(ErrorCodes.notFound, `No ${this.spec.noun} with ${this.spec.key} ${key}`, { [this.spec.key]: key });
    return row;
  }

  private async saveAndAnnounce(record: E, key: string, change: CatalogChangedEvent['change']): Promise<E> {
    const saved = await this.repo.manager.transaction(async (m) => {
      const row = await m.getRepository<E>(this.repo.target).save(record);
      await this.outbox.add(m, this.spec.changedEvent, { key, change } satisfies CatalogChangedEvent);
      return row;
    });
    void this.outbox.flush();
    return saved;
  }
}

/** Grouped rows (level columns + `n`) as a tree with counts summed upwards. */
export function nest(rows: Array<Record<string, string | number>>, levels: string[]): TreeNode[] {
  if (levels.length === 0) return [];
  const [level, ...rest] = levels;
  const groups = new Map<string, Array<Record<string, string | number>>>();
  for (const row of rows) {
    const name = String(row[level]);
    groups.set(name, [...(groups.get(name) ?? []), row]);
  }
  return [...groups].map(([name, members]) => {
    const count = members.reduce((sum, r) => sum + Number(r['n']), 0);
    return rest.length > 0 ? { name, count, children: nest(members, rest) } : { name, count };
  });
}
