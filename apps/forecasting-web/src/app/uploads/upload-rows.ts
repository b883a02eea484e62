import type { RejectionView, UploadView } from '@tideline/contracts';
import type { TableColumn } from '@tideline/ui';

export const isFinished = (u: UploadView) => u.status === 'completed' || u.status === 'failed';

/** What happened to a file, in a sentence. */
export function uploadSummary(u: UploadView): string {
  const counts = `${u.rowsRead} rows read, ${u.rowsAccepted} accepted, ${u.rowsRejected} rejected`;
  if (u.duplicateOf) return `Already ingested (same content as upload ${u.duplicateOf.slice(0, 8)}); nothing changed. ${counts}.`;
  if (u.status === 'failed') return `Failed: ${u.error ?? 'no reason given'}. ${counts}; nothing was stored.`;
  const ignored = u.ignoredColumns?.length ? ` Columns left out: ${u.ignoredColumns.join(', ')}.` : '';
  if (u.status === 'completed') return `${u.dryRun ? 'Checked (dry run, nothing stored)' : 'Done'}: ${counts}.${ignored}`;
  return `${u.status === 'queued' ? 'Queued' : 'Ingesting'}: ${counts} so far.`;
}

export const HISTORY_COLUMNS: TableColumn<UploadView>[] = [
  { key: 'createdAt', label: 'Uploaded', value: (u) => u.createdAt, format: 'datetime' },
  { key: 'filename', label: 'File', value: (u) => u.filename },
  { key: 'uploadedBy', label: 'By', value: (u) => u.uploadedBy },
  { key: 'status', label: 'Status', value: (u) => (u.dryRun ? `${u.status} (dry run)` : u.status) },
  { key: 'rowsRead', label: 'Rows read', value: (u) => u.rowsRead, format: 'integer' },
  { key: 'rowsAccepted', label: 'Accepted', value: (u) => u.rowsAccepted, format: 'integer' },
  { key: 'rowsRejected', label: 'Rejected', value: (u) => u.rowsRejected, format: 'integer' },
  { key: 'error', label: 'Error', value: (u) => u.error },
];

export const REJECTION_COLUMNS: TableColumn<RejectionView>[] = [
  { key: 'line', label: 'Line', value: (r) => r.line, format: 'integer' },
  { key: 'column', label: 'Column', value: (r) => r.column },
  { key: 'value', label: 'Value', value: (r) => r.value },
  { key: 'reason', label: 'Reason', value: (r) => r.reason },
];

/** The rejections CSV (`line,column,value,reason`) as rows. */
export function rejectionRows(records: readonly Record<string, string>[]): RejectionView[] {
  return records.map((r) => ({ line: Number(r['line']), column: r['column'] ?? '', value: r['value'] ?? '', reason: r['reason'] ?? '' }));
}
