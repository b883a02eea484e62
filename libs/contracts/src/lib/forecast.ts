import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { BoundedNumber, MAX_QUANTITY, PageNumber, PageSize } from './numbers';
import { CODE_PATTERN } from './catalog';
import { PageQuery } from './paging';
import { DRIVER_COLUMNS } from './sales';

export const ForecastPatterns = {
  startRun: 'forecast.runs.start',
  getRun: 'forecast.runs.get',
  listRuns: 'forecast.runs.list',
  series: 'forecast.series.get',
  listSeries: 'forecast.series.list',
  createOverride: 'forecast.overrides.create',
  listOverrides: 'forecast.overrides.list',
  revertOverride: 'forecast.overrides.revert',
  accuracy: 'forecast.accuracy.get',
  categoryClusterWeeks: 'forecast.aggregates.category-cluster',
  productClusters: 'forecast.aggregates.product-cluster',
  createEvent: 'forecast.events.create',
  listEvents: 'forecast.events.list',
  deleteEvent: 'forecast.events.delete',
  whatIf: 'forecast.what-if',
  importEvents: 'forecast.events.import',
  listOutliers: 'forecast.outliers.list',
  outlierWorklist: 'forecast.outliers.worklist',
  decideOutlier: 'forecast.outliers.decide',
} as const;

/**
 * The steps of a run. They travel through the events exchange to the `forecast.work` queue, so
 * they leave through the outbox (written in the transaction that decided them) and are shared
 * by every forecast-service instance as competing consumers.
 */
export const ForecastWork = {
  planRun: 'forecast.runs.plan',
  computeChunk: 'forecast.chunks.compute',
} as const;

export const ForecastEvents = {
  runCompleted: 'forecast.run.completed',
} as const;

export const DEFAULT_HORIZON = 13;
export const MAX_HORIZON = 52;
/** Lags (weeks between the last actual a forecast saw and the week it forecast) that accuracy tracks. */
export const ACCURACY_LAGS = [1, 4, 13] as const;

const Code = (field: string) => Matches(CODE_PATTERN, { message: `${field} must be 1-64 letters, digits, '.', '_' or '-'` });
const Label = () => MaxLength(200);
const IsoDate = () => IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a date (YYYY-MM-DD)` });

/**
 * A selection of series: one SKU × store when both are given, otherwise the aggregate of every
 * series matching the product filters (sku, department, category, subcategory) and the store
 * filters (store, region, cluster); nothing at all is the chain total.
 */
export class SeriesSelector {
  @IsOptional() @Code('sku') sku?: string;
  @IsOptional() @Code('store') store?: string;
  @IsOptional() @IsString() @Label() department?: string;
  @IsOptional() @IsString() @Label() category?: string;
  @IsOptional() @IsString() @Label() subcategory?: string;
  @IsOptional() @IsString() @Label() region?: string;
  @IsOptional() @IsString() @Label() cluster?: string;
}

export const SELECTOR_FIELDS = ['sku', 'store', 'department', 'category', 'subcategory', 'region', 'cluster'] as const;

// ---- runs ----

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';

/** `POST /api/forecast/runs`: a scope (empty = every series) and a horizon in weeks. */
export class StartRunBody extends SeriesSelector {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'horizon must be a whole number of weeks' })
  @Min(1, { message: 'horizon must be at least 1 week' })
  @Max(MAX_HORIZON, { message: `horizon must be at most ${MAX_HORIZON} weeks` })
  horizon?: number;
}

export class StartRunCommand extends StartRunBody {
  @IsString() requestedBy!: string;
}

export interface RunScope extends SeriesSelector {
  /** The sales upload that started the run (an upload run forecasts every series, not only the upload's). */
  uploadId?: string;
}

export interface RunView {
  id: string;
  status: RunStatus;
  trigger: 'manual' | 'upload';
  scope: RunScope;
  horizon: number;
  requestedBy: string | null;
  /** The last week of actuals the run forecast from (ISO date of its Monday). */
  asOf: string | null;
  seriesTotal: number;
  seriesDone: number;
  chunksTotal: number;
  chunksDone: number;
  engineVersion: string;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  error: string | null;
}

export class RunKey {
  @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export class ListRunsQuery extends PageQuery {
  @IsOptional() @IsIn(['queued', 'running', 'completed', 'failed']) status?: RunStatus;
}

export interface RunCompletedEvent {
  runId: string;
  trigger: 'manual' | 'upload';
  asOf: string | null;
  horizon: number;
  seriesTotal: number;
}

export interface PlanRunMessage {
  runId: string;
}

export interface ComputeChunkMessage {
  runId: string;
  seq: number;
}

// ---- series ----

export interface ForecastWeek {
  week: string;
  statistical: number;
  /** The statistical forecast without its drivers' effects (regular price, no promotion): statistical when it has none. */
  baseline: number;
  /** Each driver's share of statistical − baseline, by driver name ({} without drivers). */
  lift: Record<string, number>;
  final: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export type SeriesLifecycleNote = Record<string, string | number>;

export interface ForecastSeriesView {
  /** The model of a single series; for an aggregate, `aggregate of N series`. Null before any run. */
  model: string | null;
  series: number;
  asOf: string | null;
  pattern: string | null;
  backtestError: number | null;
  /**
   * A single series' life in its forecast, when it changed it: `reference` (what a new series leans
   * on: a like-item, a like-store, the product in the cluster or the subcategory), `weight` (its own
   * history's share, 0-1) and `scale` (its level against the reference); `successorOf` (the product
   * whose history it continues); `activeFrom`/`activeTo` (horizon weeks, from 0, where its forecast
   * starts after a launch or stops at a discontinuation or a store's closing); `ended`.
   */
  lifecycle?: SeriesLifecycleNote;
  /**
   * `promoted`: for a single series, true in the weeks its sales row was promoted; `censored`: out of
   * stock, with `demand` the estimate of what would have sold (what forecasts learn from instead).
   */
  history: Array<{
    week: string;
    units: number;
    promoted?: boolean;
    censored?: boolean;
    demand?: number;
    /** An outlier week: what it is taken to be when corrected, and the analysts' decision (rejected: kept as sold). */
    outlier?: { expected: number; status: OutlierStatus };
  }>;
  forecast: ForecastWeek[];
  /**
   * Past forecasts against what happened: for each week whose actuals have been measured, the
   * statistical and final forecast made one week before it (lag 1), summed over the selection.
   */
  pastForecasts: Array<{ week: string; statistical: number; final: number }>;
}

export const DemandPatterns = ['smooth', 'erratic', 'intermittent', 'lumpy'] as const;
export type DemandPatternName = (typeof DemandPatterns)[number];

/**
 * `GET /api/forecast/series/list`: the single series of a selection with their current model, a
 * page at a time: to find series by demand pattern, or the ones the backtest found hardest.
 */
export class ListSeriesQuery extends SeriesSelector {
  @IsOptional()
  @IsIn(DemandPatterns, { message: `pattern must be one of ${DemandPatterns.join(', ')}` })
  pattern?: DemandPatternName;

  @PageNumber() page?: number;
  @PageSize() pageSize?: number;
  @IsOptional()
  @IsString()
  @Matches(/^-?[a-zA-Z]+$/, { message: 'sort must be a field name, optionally prefixed by -' })
  sort?: string;
}

export interface SeriesListItem {
  sku: string;
  name: string;
  store: string;
  category: string;
  region: string;
  cluster: string;
  pattern: DemandPatternName | null;
  model: string | null;
  /** The backtest error the model was chosen on (scaled, lower is better). */
  backtestError: number | null;
}

// ---- overrides ----

export const OverrideKinds = ['value', 'percent', 'delta'] as const;
export type OverrideKind = (typeof OverrideKinds)[number];

/** What an override changes: the whole forecast, or only its drivers' lift (a promotion's uplift). */
export const OverrideAppliesTo = ['total', 'lift'] as const;
export type OverrideAppliesTo = (typeof OverrideAppliesTo)[number];

export const OverrideReasons = ['promotion', 'event', 'weather', 'new_product', 'supply', 'market_intelligence', 'correction', 'other'] as const;
export type OverrideReason = (typeof OverrideReasons)[number];

/**
 * `POST /api/forecast/overrides`: for every week from `from` to `to`, set the final forecast of
 * the selection to `amount` (value), change it by `amount` percent, or by `amount` units (delta).
 * A change to an aggregate is spread to its series in proportion to their final forecast.
 */
export class CreateOverrideBody extends SeriesSelector {
  @IsoDate() from!: string;
  @IsoDate() to!: string;

  @IsIn(OverrideKinds, { message: `kind must be one of ${OverrideKinds.join(', ')}` })
  kind!: OverrideKind;

  /** A value or a change in units (either sign), or a percent change. */
  @BoundedNumber(-MAX_QUANTITY, MAX_QUANTITY)
  amount!: number;

  @IsIn(OverrideReasons, { message: `reason must be one of ${OverrideReasons.join(', ')}` })
  reason!: OverrideReason;

  @IsOptional() @IsString() @MaxLength(2000) comment?: string;

  /** `lift`: the change applies to the drivers' lift alone (e.g. "this promotion lifts 30% less"); default `total`. */
  @IsOptional()
  @IsIn(OverrideAppliesTo, { message: `appliesTo must be one of ${OverrideAppliesTo.join(', ')}` })
  appliesTo?: OverrideAppliesTo;
}

export class CreateOverrideCommand extends CreateOverrideBody {
  @IsString() actor!: string;
}

export interface OverrideView {
  id: string;
  target: SeriesSelector;
  from: string;
  to: string;
  kind: OverrideKind;
  amount: number;
  appliesTo: OverrideAppliesTo;
  reason: OverrideReason;
  comment: string | null;
  createdBy: string;
  createdAt: string;
  revertedBy: string | null;
  revertedAt: string | null;
  /** Series × weeks it changed, and the final forecast of the selection over its weeks before and after. */
  cells: number;
  before: number;
  after: number;
}

export class ListOverridesQuery extends SeriesSelector {
  @PageNumber() page?: number;
  @PageSize() pageSize?: number;
}

export class RevertOverrideCommand extends RunKey {
  @IsString() actor!: string;
  /** The actor's roles: only an override's author or an admin reverts it. */
  @IsString({ each: true }) roles!: string[];
}

// ---- accuracy ----

/** `promotion`: promoted weeks (the sales row said promo = 1) against the others. */
export const AccuracyDimensions = ['chain', 'series', 'department', 'category', 'subcategory', 'store', 'region', 'cluster', 'analyst', 'week', 'promotion', 'lifecycle'] as const;
export type AccuracyDimension = (typeof AccuracyDimensions)[number];

export class AccuracyQuery {
  @IsIn(AccuracyDimensions, { message: `by must be one of ${AccuracyDimensions.join(', ')}` })
  by!: AccuracyDimension;

  @IsOptional()
  @Type(() => Number)
  @IsIn(ACCURACY_LAGS, { message: `lag must be one of ${ACCURACY_LAGS.join(', ')}` })
  lag?: number;

  @IsOptional() @IsoDate() from?: string;
  @IsOptional() @IsoDate() to?: string;
}

export interface ErrorMeasures {
  /** Σ|forecast − actual| / Σ actual, in percent. */
  wape: number | null;
  /** Σ(forecast − actual) / Σ actual, in percent: positive when forecasts were too high. */
  bias: number | null;
  /** Mean of |forecast − actual| / the series' in-sample seasonal-naive error. */
  mase: number | null;
}

export interface AccuracyRow {
  key: string;
  lag: number;
  /** Series × weeks compared. */
  points: number;
  actual: number;
  statistical: ErrorMeasures;
  final: ErrorMeasures;
  seasonalNaive: ErrorMeasures;
  /** Forecast value added, in WAPE points: how much each step lowered the error (negative = it made it worse). */
  valueAdded: { statisticalOverNaive: number | null; finalOverStatistical: number | null };
}

// ---- aggregates for planning ----

/**
 * The final forecast summed by category × store cluster × week, for plan baselines: a page of
 * `categories` categories at a time, those after `afterCategory` in name order.
 */
export class CategoryClusterQuery {
  @IsoDate() from!: string;
  @IsoDate() to!: string;
  @IsOptional() @IsString() @Label() department?: string;
  @IsOptional() @IsString() @Label() afterCategory?: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) categories!: number;
}

export interface CategoryClusterWeek {
  category: string;
  cluster: string;
  week: string;
  units: number;
  /** The final forecast valued at each product's unit price. */
  revenue: number;
  /** …and at its unit cost; null when a product of the cell has no cost. */
  cost: number | null;
}

/** The final forecast of each product by store cluster over a period, valued at its unit price: a page of `products` SKUs after `afterSku`. */
export class ProductClusterQuery {
  @IsoDate() from!: string;
  @IsoDate() to!: string;
  @IsOptional() @IsString() @Label() department?: string;
  @IsOptional() @IsString() @Label() afterSku?: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(5000) products!: number;
}

export interface ProductCluster {
  sku: string;
  name: string;
  category: string;
  cluster: string;
  units: number;
  revenue: number;
}

/** Weeks an event may name. */
export const MAX_EVENT_WEEKS = 104;

/**
 * `POST /api/forecast/events`: a custom event (a local festival, a competitor's opening, a
 * catalogue drop) in some weeks, for the whole chain, a region or a store. Events are demand drivers
 * named by `name`: every event of one name is one driver, whose effect is learnt from its past weeks
 * (and from the other series of a run where a series has none).
 */
export class EventBody {
  @Matches(DRIVER_COLUMNS.pattern, { message: 'name must be lower case letters, digits and _ (a driver name), starting with a letter' })
  name!: string;

  @IsArray({ message: 'weeks must be a list of Mondays (YYYY-MM-DD)' })
  @ArrayMinSize(1, { message: 'weeks must name at least one week' })
  @ArrayMaxSize(MAX_EVENT_WEEKS, { message: `weeks must name at most ${MAX_EVENT_WEEKS} weeks` })
  @IsISO8601({ strict: true }, { each: true, message: 'weeks must be Mondays (YYYY-MM-DD)' })
  weeks!: string[];

  /** Only the stores of this region (neither region nor store: the whole chain). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  region?: string;

  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'store must be a store code' })
  store?: string;
}

export class CreateEventCommand extends EventBody {
  @IsString() actor!: string;
}

export interface EventView {
  id: string;
  name: string;
  weeks: string[];
  scope: { region?: string; store?: string };
  createdBy: string;
  createdAt: string;
}

/** At most this many characters in an events file (a few thousand event weeks). */
export const MAX_EVENTS_CSV = 1_048_576;

/**
 * `POST /api/forecast/events/uploads`: a CSV of event weeks, `name,week[,region][,store]` (one row per
 * week; neither region nor store: the whole chain). All or nothing: a file with a bad row adds no
 * event, and the answer names every bad row's line and column.
 */
export class ImportEventsCommand {
  @IsString()
  @MaxLength(MAX_EVENTS_CSV)
  csv!: string;

  @IsString() actor!: string;
}

// ---- outliers ----

/**
 * A detected outlier week: `proposed` (found by a run and corrected for fitting until an analyst
 * decides), `accepted` (corrected, in every later run) or `rejected` (its sales are kept as they are).
 */
export const OutlierStatuses = ['proposed', 'accepted', 'rejected'] as const;
export type OutlierStatus = (typeof OutlierStatuses)[number];

export class ListOutliersQuery extends PageQuery {
  @IsOptional() @Code('sku') sku?: string;
  @IsOptional() @Code('store') store?: string;
  @IsOptional() @IsIn(OutlierStatuses, { message: `status must be one of ${OutlierStatuses.join(', ')}` }) status?: OutlierStatus;
}

export interface OutlierView {
  sku: string;
  store: string;
  week: string;
  /** What sold. */
  units: number;
  /** What the week is taken to be when corrected: the median of its neighbouring weeks. */
  expected: number;
  status: OutlierStatus;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** `PUT /api/forecast/outliers/decision`: accept or reject the correction of one week (or put it back to proposed). */
export class OutlierDecisionBody {
  @Code('sku') sku!: string;
  @Code('store') store!: string;
  @IsoDate() week!: string;
  @IsIn(OutlierStatuses, { message: `status must be one of ${OutlierStatuses.join(', ')}` }) status!: OutlierStatus;
}

export class OutlierDecisionCommand extends OutlierDecisionBody {
  @IsString() actor!: string;
}

/** `GET /api/forecast/outliers/worklist`: the series with the most corrected weeks first. */
export interface OutlierWorklistItem {
  sku: string;
  name: string;
  store: string;
  /** Weeks corrected for fitting (proposed or accepted). */
  corrected: number;
  /** Of those, the ones no analyst has decided yet. */
  proposed: number;
}
