import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CODE_PATTERN, MAX_FILTER_CODES } from './catalog';
import { PageQuery } from './paging';

export const SalesPatterns = {
  uploadChunk: 'sales.upload.chunk',
  uploadSealed: 'sales.upload.sealed',
  uploadAborted: 'sales.upload.aborted',
  uploadFinalize: 'sales.upload.finalize',
  getUpload: 'sales.uploads.get',
  listUploads: 'sales.uploads.list',
  uploadRejections: 'sales.uploads.rejections',
  series: 'sales.series.get',
  totals: 'sales.totals.get',
  seriesKeys: 'sales.series.keys',
  history: 'sales.history.get',
  groupedTotals: 'sales.totals.grouped',
  groupedStock: 'sales.stock.grouped',
  savePlan: 'sales.plans.save',
  listPlans: 'sales.plans.list',
  removePlans: 'sales.plans.remove',
} as const;

/**
 * Demand drivers beyond price and promo (feature, display, a discount depth, an event…): any
 * extra numeric column of a sales or plan file, named in lower case. History and plans share names.
 */
export const DRIVER_COLUMNS = { pattern: /^[a-z][a-z0-9_]{0,39}$/, what: 'driver', max: 20 } as const;

/** The upload target of planned drivers; sales uploads have none. */
export const SALES_PLANS_TARGET = 'plans';
/** The upload target of stock on hand (`week,store,sku,on_hand`). */
export const SALES_STOCK_TARGET = 'stock';
/** The upload target of purchase orders (`order,sku,store,due_week,units,cost`). */
export const SALES_ORDERS_TARGET = 'orders';
export const SALES_UPLOAD_TARGETS = [SALES_PLANS_TARGET, SALES_STOCK_TARGET, SALES_ORDERS_TARGET] as const;

/** The sales service's upload list: sales uploads, or with a `target` the planned drivers', stock or orders ones. */
export class SalesUploadsQuery extends PageQuery {
  @IsOptional()
  @IsIn(SALES_UPLOAD_TARGETS)
  target?: (typeof SALES_UPLOAD_TARGETS)[number];
}

export const SalesEvents = {
  batchIngested: 'sales.batch.ingested',
} as const;

export class SeriesQuery {
  @Matches(CODE_PATTERN, { message: 'sku must be a SKU code' })
  sku!: string;

  @Matches(CODE_PATTERN, { message: 'store must be a store code' })
  store!: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;
}

export interface SeriesView {
  /**
   * `week` is the ISO date of the week's Monday; `promo`, for one series, whether its row was promoted
   * (null: not said); `censored`, for one series, a week out of stock (its sales understate demand).
   */
  points: Array<{ week: string; units: number; revenue: number | null; promo?: boolean | null; censored?: boolean }>;
}

export interface BatchIngestedEvent {
  uploadId: string;
  weeks: string[];
  series: number;
  rows: number;
}

const DateFilter = () => IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a date (YYYY-MM-DD)` });

/** `GET /api/sales/totals`: weekly totals of the chain, or of a product and store selection. */
export class TotalsQuery {
  @IsOptional()
  @IsString()
  department?: string;

  @IsOptional()
  @IsString()
  category?: string;

  @IsOptional()
  @IsString()
  subcategory?: string;

  @IsOptional()
  @IsString()
  brand?: string;

  @IsOptional()
  @IsString()
  region?: string;

  @IsOptional()
  @IsString()
  cluster?: string;

  @IsOptional()
  @DateFilter()
  from?: string;

  @IsOptional()
  @DateFilter()
  to?: string;
}

/** What the sales service sums: absent lists mean "all". */
export class TotalsRequest {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_CODES)
  @IsString({ each: true })
  skus?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_CODES)
  @IsString({ each: true })
  stores?: string[];

  @IsOptional()
  @DateFilter()
  from?: string;

  @IsOptional()
  @DateFilter()
  to?: string;
}

/**
 * Weekly units and revenue summed by group × group: each SKU belongs to the product group at the
 * same index (a category, say) and each store to the store group at the same index (a cluster).
 * Codes outside the lists are left out. Used for plans' last-year and actual figures.
 */
export class GroupedTotalsRequest {
  @IsArray() @IsString({ each: true }) skus!: string[];
  @IsArray() @IsString({ each: true }) productGroups!: string[];
  @IsArray() @IsString({ each: true }) stores!: string[];
  @IsArray() @IsString({ each: true }) storeGroups!: string[];
  @DateFilter() from!: string;
  @DateFilter() to!: string;
  /** Each SKU's regular price (as long as skus; null where unknown): markdowns are counted against it. */
  @IsOptional() @IsArray() regularPrices?: Array<number | null>;
}

export interface GroupedTotal {
  productGroup: string;
  storeGroup: string;
  week: string;
  units: number;
  /** Null when no row of the group had a revenue. */
  revenue: number | null;
  /** (regular price − price paid) × units over the rows sold below their regular price; 0 without regularPrices. */
  markdown: number;
}

/** Stock by product group × store group × week: on hand at the week's end (null: no count that week), and what is on order, due that week. */
export interface GroupedStock {
  productGroup: string;
  storeGroup: string;
  week: string;
  onHand: number | null;
  onOrder: number;
  onOrderCost: number;
}

/** At most this many series per history request. */
export const MAX_SERIES_PER_REQUEST = 1000;

/** A product × store series. */
export class SeriesKey {
  @Matches(CODE_PATTERN, { message: 'sku must be a SKU code' })
  sku!: string;

  @Matches(CODE_PATTERN, { message: 'store must be a store code' })
  store!: string;
}

/** The series with sales, in (sku, store) order, a page at a time (keyset: after the given key). */
export class SeriesKeysRequest {
  /** Only the series this upload wrote. */
  @IsOptional()
  @IsUUID('all')
  uploadId?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => SeriesKey)
  after?: SeriesKey;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SERIES_PER_REQUEST * 10)
  limit!: number;
}

export interface SeriesKeysReply {
  keys: SeriesKey[];
  /** The last week with sales anywhere in the chain: the natural forecast origin. */
  lastWeek: string | null;
}

/** At most this many planned weeks per history request (two years). */
export const MAX_PLANNED_WEEKS = 104;

/** Weekly units of some series, every week from the first sale (or `from`) to `to`; missing weeks are 0. */
export class HistoryRequest {
  @IsArray()
  @ArrayMaxSize(MAX_SERIES_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => SeriesKey)
  keys!: SeriesKey[];

  @IsOptional()
  @DateFilter()
  from?: string;

  @DateFilter()
  to!: string;

  /** Also each week's demand drivers, and the planned ones of this many weeks after `to`. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PLANNED_WEEKS)
  plannedWeeks?: number;
}

/** Drivers week by week: price (null: not known), and the extra drivers by name (null: not given). */
export interface DriverWeeks {
  price: Array<number | null>;
  drivers: Record<string, Array<number | null>>;
}

/**
 * Driver `name`'s column of `drivers`, added (all null: not known) when it has none. Own properties
 * only: drivers arrive as JSON, and a driver may be named "constructor".
 */
export function driverColumn(drivers: Record<string, Array<number | null>>, name: string, length: number): Array<number | null> {
  if (!Object.hasOwn(drivers, name)) drivers[name] = new Array(length).fill(null);
  return drivers[name];
}

export interface HistorySeries {
  sku: string;
  store: string;
  start: string | null;
  units: number[];
  /** 1 for each week a row marked as promoted, else 0 (weeks without a row or a promo column). */
  promo: number[];
  /** 1 for each censored week: flagged out of stock, or nothing on hand and nothing sold (its sales understate demand). */
  censored?: number[];
  /** With `plannedWeeks`: the history's other drivers. */
  history?: DriverWeeks;
  /** With `plannedWeeks`: the plan of each week after `to` (the store's own row, else the chain's `*` row); `promo` null where not planned. */
  planned?: DriverWeeks & { promo: Array<number | null> };
}

export interface HistoryReply {
  /** In the order asked; `start` is null (and `units` empty) for a series with no sales in the range. */
  series: HistorySeries[];
}
