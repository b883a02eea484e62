import { UploadMeta } from '@tideline/contracts';
import type { EntityManager } from 'typeorm';

/** Creates the upload's record from whichever of its messages arrives first. */
export async function ensureUpload(manager: EntityManager, id: string, meta: UploadMeta): Promise<void> {
  await manager.query(
    `INSERT INTO sales.uploads (id, uploaded_by_id, uploaded_by_email, filename, dry_run, max_rejected_percent, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    [id, meta.uploadedById, meta.uploadedByEmail, meta.filename, meta.dryRun, meta.maxRejectedPercent, meta.receivedAt],
  );
}

/** Ends an open upload as failed and drops what it staged. */
export async function failUpload(manager: EntityManager, id: string, reason: string): Promise<void> {
  await manager.query(`UPDATE sales.uploads SET status = 'failed', error = $2, completed_at = now() WHERE id = $1 AND status = 'open'`, [
    id,
    reason,
  ]);
  await manager.query(`DELETE FROM sales.staging_rows WHERE upload_id = $1`, [id]);
}

/** True when the file is sealed and every one of its chunks is processed. */
export async function allChunksIn(manager: EntityManager, id: string): Promise<boolean> {
  const [row] = await manager.query(
    `SELECT u.status, u.chunks_expected, (SELECT count(*)::int FROM sales.upload_chunks c WHERE c.upload_id = u.id) AS done
     FROM sales.uploads u WHERE u.id = $1`,
    [id],
  );
  return row?.status === 'open' && row.chunks_expected !== null && row.done >= row.chunks_expected;
}
