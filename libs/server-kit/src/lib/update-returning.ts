import { EntityManager } from 'typeorm';

/** Rows of an `UPDATE … RETURNING`: TypeORM's Postgres driver answers an UPDATE with [rows, affected count]. */
export async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = (await m.query(sql, params)) as [T[], number];
  return rows;
}
