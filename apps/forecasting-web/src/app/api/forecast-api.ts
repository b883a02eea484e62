import { inject, Injectable } from '@angular/core';
import type {
  AccuracyDimension,
  AccuracyRow,
  CreateOverrideBody,
  ForecastSeriesView,
  OutlierDecisionBody,
  OutlierView,
  OutlierWorklistItem,
  OverrideView,
  Page,
  RunView,
  DemandPatternName,
  SeriesListItem,
  SeriesSelector,
  StartRunBody,
} from '@tideline/contracts';
import { ApiClient } from '@tideline/web-core';
import { Observable } from 'rxjs';

/** Drops empty filters, so a selection becomes exactly the query the gateway expects. */
export function selectorParams(selector: SeriesSelector): Record<string, string> {
  return Object.fromEntries(Object.entries(selector).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<string, string>;
}

/** The forecast routes of the gateway (`/api/forecast/…`). */
@Injectable({ providedIn: 'root' })
export class ForecastApi {
  private readonly api = inject(ApiClient);

  series(selector: SeriesSelector): Observable<ForecastSeriesView> {
    return this.api.get('forecast/series', { params: selectorParams(selector) });
  }

  /** The hardest series first (by backtest error), optionally of one demand pattern. */
  seriesList(selector: SeriesSelector, pattern: DemandPatternName | '', pageSize = 100): Observable<Page<SeriesListItem>> {
    return this.api.get('forecast/series/list', { params: { ...selectorParams(selector), ...(pattern ? { pattern } : {}), pageSize } });
  }

  overrides(selector: SeriesSelector, pageSize = 100): Observable<Page<OverrideView>> {
    return this.api.get('forecast/overrides', { params: { ...selectorParams(selector), pageSize } });
  }

  createOverride(body: CreateOverrideBody): Observable<OverrideView> {
    return this.api.post('forecast/overrides', body);
  }

  revertOverride(id: string): Observable<OverrideView> {
    return this.api.post(`forecast/overrides/${id}/revert`, null);
  }

  runs(pageSize = 50): Observable<Page<RunView>> {
    return this.api.get('forecast/runs', { params: { pageSize, sort: '-createdAt' } });
  }

  startRun(body: StartRunBody): Observable<RunView> {
    return this.api.post('forecast/runs', body);
  }

  /** The series with the most corrected outlier weeks first. */
  outlierWorklist(pageSize = 100): Observable<Page<OutlierWorklistItem>> {
    return this.api.get('forecast/outliers/worklist', { params: { pageSize } });
  }

  outliers(sku: string, store: string): Observable<Page<OutlierView>> {
    return this.api.get('forecast/outliers', { params: { sku, store, pageSize: 200, sort: 'week' } });
  }

  decideOutlier(body: OutlierDecisionBody): Observable<OutlierView> {
    return this.api.put('forecast/outliers/decision', body);
  }

  accuracy(by: AccuracyDimension, lag: number): Observable<AccuracyRow[]> {
    return this.api.get('forecast/accuracy', { params: { by, lag } });
  }
}
