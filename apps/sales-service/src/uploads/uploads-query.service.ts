import { Injectable } from '@nestjs/common';
import { ErrorCodes, ListUploadsQuery, Page, RejectionsPage, RejectionsPageRequest, UploadView } from '@tideline/contracts';
import { DomainError } from '@tideline/server-kit';
import { DataSource } from 'typeorm';

const VIEW_SQL = `
  SELECT u.*, (SELECT count(*)::int FROM sales.upload_chunks c WHERE c.upload_id = u.id) AS chunks_done,
         (SELECT coalesce(sum(rows_read), 0)::int FROM sales.upload_chunks c WHERE c.upload_id = u.id) AS chunk_rows_read,
         (SELECT coalesce(sum(rows_rejected), 0)::int FROM sales.upload_chunks c WHERE c.upload_id = u.id) AS chunk_rows_rejected
  FROM sales.uploads u`;

interface UploadRow {
  id: string;
  status: 'open' | 'completed' | 'failed';
  chunks_expected: number | null;
  chunks_done: number;
  chunk_rows_read: number;
  chunk_rows_rejected: number;
  rows_read: number | null;
  rows_accepted: number | null;
  rows_rejected: number | null;
  error: string | null;
  duplicate_of: string | null;
  dry_run: boolean;
  filename: string | null;
  uploaded_by_email: string;
  created_at: Date;
  completed_at: Date | null;
  weeks: string[] | null;
  series: number | null;
}

/** While chunks are still coming in, counts are the running totals of the chunks processed. */
function toView(u: UploadRow): UploadView {
  const final = u.status !== 'open';
  const rowsRead = u.rows_read ?? u.chunk_rows_read;
  const rowsRejected = u.rows_rejected ?? u.chunk_rows_rejected;
  return {
    id: u.id,
    status: final ? u.status as 'completed' | 'failed' : u.chunks_done > 0 ? 'running' : 'queued',
    rowsRead,
    rowsAccepted: u.rows_accepted ?? (u.status === 'failed' ? 0 : rowsRead - rowsRejected),
    rowsRejected,
    progress: final ? 1 : u.chunks_expected ? Math.min(1, u.chunks_done / Math.max(1, u.chunks_expected)) : 0,
    ...(u.error ? { error: u.error } : {}),
    ...(u.duplicate_of ? { duplicateOf: u.duplicate_of } : {}),
    dryRun: u.dry_run,
    filename: u.filename,
    uploadedBy: u.uploaded_by_email,
    createdAt: u.created_at.toISOString(),
    completedAt: u.completed_at?.toISOString() ?? null,
    ...(u.weeks ? { weeks: u.weeks.map((w) => (typeof w === 'string' ? w : new Date(w).toISOString().slice(0, 10))) } : {}),
    ...(u.series !== null ? { series: u.series } : {}),
  };
}

@Injectable()
export class UploadsQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: string): Promise<UploadView> {
    const [row] = await this.dataSource.query(`${VIEW_SQL} WHERE u.id = $1`, [id]);
    if (!row) throw new DomainError(ErrorCodes.notFound, `No upload with id ${id} (yet: a file still queued is listed once the sales service picks it up)`, { id });
    return toView(row);
  }

  async list(query: ListUploadsQuery): Promise<Page<UploadView>> {
    const pageSize = query.pageSize ?? 50;
    const offset = ((query.page ?? 1) - 1) * pageSize;
    const rows = await this.dataSource.query(`${VIEW_SQL} ORDER BY u.created_at DESC LIMIT $1 OFFSET $2`, [pageSize, offset]);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM sales.uploads`);
    return { items: rows.map(toView), total };
  }

  /** The rejections of up to `limit` lines after `afterLine`, all columns of each line together. */
  async rejections(request: RejectionsPageRequest): Promise<RejectionsPage> {
    const items = await this.dataSource.query(
      `SELECT line, "column", value, reason FROM sales.upload_rejections
       WHERE upload_id = $1 AND line IN (
         SELECT DISTINCT line FROM sales.upload_rejections WHERE upload_id = $1 AND line > $2 ORDER BY line LIMIT $3)
       ORDER BY line, "column"`,
      [request.id, request.afterLine, request.limit],
    );
    return { items };
  }
}
