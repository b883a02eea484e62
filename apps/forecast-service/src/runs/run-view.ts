import { RunView } from '@tideline/contracts';

/** The columns of forecast.runs that make a RunView. */
export const RUN_COLUMNS = `id, status, trigger, scope, horizon, requested_by, to_char(as_of, 'YYYY-MM-DD') AS as_of,
  series_total, series_done, chunks_total, chunks_done, engine_version, created_at, started_at, completed_at, error`;

export interface RunRow {
  id: string;
  status: RunView['status'];
  trigger: RunView['trigger'];
  scope: RunView['scope'];
  horizon: number;
  requested_by: string | null;
  as_of: string | null;
  series_total: number;
  series_done: number;
  chunks_total: number;
  chunks_done: number;
  engine_version: string;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  error: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRunView(r: RunRow): RunView {
  return {
    id: r.id,
    status: r.status,
    trigger: r.trigger,
    scope: r.scope,
    horizon: r.horizon,
    requestedBy: r.requested_by,
    asOf: r.as_of,
    seriesTotal: r.series_total,
    seriesDone: r.series_done,
    chunksTotal: r.chunks_total,
    chunksDone: r.chunks_done,
    engineVersion: r.engine_version,
    createdAt: r.created_at.toISOString(),
    startedAt: iso(r.started_at),
    completedAt: iso(r.completed_at),
    error: r.error,
  };
}
