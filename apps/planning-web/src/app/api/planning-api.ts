import { inject, Injectable } from '@angular/core';
import type {
  AssortmentView,
  AuditEntry,
  BudgetCell,
  CalendarView,
  CellChange,
  CompareView,
  CreatePlanBody,
  FiscalPeriod,
  GridRow,
  GridView,
  MerchandiseTargetsBody,
  MerchandiseTargetsView,
  OpenToBuyView,
  Page,
  PlanAction,
  PlanView,
  RangeItem,
  SetCellBody,
  SetRangeBody,
  SpreadBody,
  SpreadResult,
  StrategyBody,
  StrategyView,
  TreeNode,
} from '@tideline/contracts';
import { ApiClient } from '@tideline/web-core';
import { Observable, map } from 'rxjs';

/** GridView's rows of weeks made cells again: element i of every array is week i's cell. */
export function cellsOfRows(rows: readonly GridRow[]): BudgetCell[] {
  return rows.flatMap(({ category, cluster, ...weekly }) =>
    weekly.week.map((_, i) => ({ category, cluster, ...Object.fromEntries(Object.entries(weekly).map(([field, values]) => [field, values[i]])) }) as BudgetCell),
  );
}

/** The planning routes of the gateway (`/api/planning/plans/…`) and the catalog tree for departments. */
@Injectable({ providedIn: 'root' })
export class PlanningApi {
  private readonly api = inject(ApiClient);

  plans(pageSize = 100): Observable<Page<PlanView>> {
    return this.api.get('planning/plans', { params: { pageSize, sort: '-updatedAt' } });
  }

  plan(id: string): Observable<PlanView> {
    return this.api.get(`planning/plans/${id}`);
  }

  /** The retail calendar of weeks `from` to `to`: fiscal year, quarter, month and week of each. */
  calendar(from: string, to: string): Observable<CalendarView> {
    return this.api.get('planning/calendar', { params: { from, to } });
  }

  create(body: CreatePlanBody): Observable<PlanView> {
    return this.api.post('planning/plans', body);
  }

  branch(id: string, scenario?: string): Observable<PlanView> {
    return scenario ? this.api.post(`planning/plans/${id}/scenarios`, { scenario }) : this.api.post(`planning/plans/${id}/versions`, {});
  }

  compare(id: string, withId: string): Observable<CompareView> {
    return this.api.get(`planning/plans/${id}/compare`, { params: { with: withId } });
  }

  /**
   * The plan's cells, or only those of one category and/or cluster. They travel as rows of weeks (a
   * fifth of the size of cell objects) and are made cells again here.
   */
  grid(id: string, only: { category?: string; cluster?: string } = {}): Observable<GridView> {
    const params = { ...Object.fromEntries(Object.entries(only).filter((entry): entry is [string, string] => entry[1] !== undefined)), format: 'rows' };
    return this.api.get<GridView>(`planning/plans/${id}/cells`, { params }).pipe(map((view) => ({ ...view, cells: cellsOfRows(view.rows ?? []) })));
  }

  categories(id: string): Observable<string[]> {
    return this.api.get(`planning/plans/${id}/categories`);
  }

  setCell(id: string, body: SetCellBody): Observable<BudgetCell> {
    return this.api.patch(`planning/plans/${id}/cells`, body);
  }

  spread(id: string, body: SpreadBody): Observable<SpreadResult> {
    return this.api.post(`planning/plans/${id}/spread`, body);
  }

  cellHistory(id: string, cell: { category: string; cluster: string; week: string }): Observable<CellChange[]> {
    return this.api.get(`planning/plans/${id}/cells/history`, { params: cell });
  }

  history(id: string): Observable<AuditEntry[]> {
    return this.api.get(`planning/plans/${id}/history`);
  }

  transition(id: string, action: PlanAction, version: number, comment?: string): Observable<PlanView> {
    return this.api.post(`planning/plans/${id}/${action}`, { version, ...(comment ? { comment } : {}) });
  }

  refreshBaseline(id: string, version: number): Observable<PlanView> {
    return this.api.post(`planning/plans/${id}/refresh-baseline`, { version });
  }

  exportCsv(id: string): Observable<string> {
    return this.api.getText(`planning/plans/${id}/export.csv`);
  }

  strategies(id: string): Observable<StrategyView[]> {
    return this.api.get(`planning/plans/${id}/strategies`);
  }

  setStrategy(id: string, category: string, body: StrategyBody): Observable<StrategyView> {
    return this.api.put(`planning/plans/${id}/strategies/${encodeURIComponent(category)}`, body);
  }

  assortment(id: string, category?: string): Observable<AssortmentView> {
    return this.api.get(`planning/plans/${id}/assortment`, { params: category ? { category } : {} });
  }

  setRange(id: string, body: SetRangeBody): Observable<RangeItem> {
    return this.api.patch(`planning/plans/${id}/assortment`, body);
  }

  /** Stock, open-to-buy, markdowns and margin by category × cluster in fiscal `period`s (week, month or quarter). */
  openToBuy(id: string, period: FiscalPeriod): Observable<OpenToBuyView> {
    return this.api.get(`planning/plans/${id}/open-to-buy`, { params: { period } });
  }

  /** The same as CSV: a line per category × cluster and period. */
  openToBuyCsv(id: string, period: FiscalPeriod): Observable<string> {
    return this.api.getText(`planning/plans/${id}/open-to-buy.csv`, { params: { period } });
  }

  merchandiseTargets(id: string): Observable<MerchandiseTargetsView[]> {
    return this.api.get(`planning/plans/${id}/merchandise-targets`);
  }

  setMerchandiseTargets(id: string, category: string, body: MerchandiseTargetsBody): Observable<MerchandiseTargetsView> {
    return this.api.put(`planning/plans/${id}/merchandise-targets/${encodeURIComponent(category)}`, body);
  }

  departments(): Observable<TreeNode[]> {
    return this.api.get('catalog/products/tree');
  }
}
