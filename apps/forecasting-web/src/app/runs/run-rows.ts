import type { RunScope, RunView } from '@tideline/contracts';
import type { TableColumn } from '@tideline/ui';
import { selectionLabel } from '../selection/selection';

export const isActive = (run: RunView) => run.status === 'queued' || run.status === 'running';

/** 0-100: series forecast over series in scope (0 while the run is still being planned). */
export const runPercent = (run: RunView) => (run.seriesTotal > 0 ? Math.round((100 * run.seriesDone) / run.seriesTotal) : 0);

export function scopeLabel(scope: RunScope): string {
  // An upload's run forecasts the whole chain from the newest week, not only the series it wrote.
  if (scope.uploadId) return `Whole chain (after upload ${scope.uploadId.slice(0, 8)})`;
  return selectionLabel(scope);
}

export const RUN_COLUMNS: TableColumn<RunView>[] = [
  { key: 'createdAt', label: 'Started', value: (r) => r.createdAt, format: 'datetime' },
  { key: 'status', label: 'Status', value: (r) => r.status },
  { key: 'progress', label: 'Progress', value: (r) => `${runPercent(r)}% (${r.seriesDone} of ${r.seriesTotal} series)` },
  { key: 'scope', label: 'Scope', value: (r) => scopeLabel(r.scope) },
  { key: 'trigger', label: 'Trigger', value: (r) => (r.trigger === 'upload' ? 'Sales upload' : `By ${r.requestedBy ?? 'someone'}`) },
  { key: 'horizon', label: 'Horizon (weeks)', value: (r) => r.horizon, format: 'integer' },
  { key: 'asOf', label: 'Actuals to', value: (r) => r.asOf },
  { key: 'completedAt', label: 'Finished', value: (r) => r.completedAt, format: 'datetime' },
  { key: 'error', label: 'Error', value: (r) => r.error },
];
