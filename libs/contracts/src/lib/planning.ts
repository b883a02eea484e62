import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { FiscalCalendar, FiscalPeriod, FiscalPeriods, FiscalWeek, LastYearAlignment, LastYearAlignments } from './fiscal-calendar';
import { BoundedNumber, MAX_PERCENT, MAX_PRICE, MAX_QUANTITY, Percent, Quantity } from './numbers';

export const PlanningPatterns = {
  createPlan: 'planning.plans.create',
  listPlans: 'planning.plans.list',
  getPlan: 'planning.plans.get',
  transition: 'planning.plans.transition',
  grid: 'planning.budget.grid',
  categories: 'planning.budget.categories',
  setCell: 'planning.budget.set',
  spread: 'planning.budget.spread',
  history: 'planning.plans.history',
  refreshBaseline: 'planning.plans.refresh-baseline',
  branch: 'planning.plans.branch',
  compare: 'planning.plans.compare',
  setStrategy: 'planning.strategies.set',
  strategies: 'planning.strategies.list',
  assortment: 'planning.assortment.get',
  setRange: 'planning.assortment.set',
  cellHistory: 'planning.budget.history',
  rangeHistory: 'planning.assortment.history',
  calendar: 'planning.calendar.get',
  openToBuy: 'planning.plans.open-to-buy',
  merchandiseTargets: 'planning.targets.list',
  setMerchandiseTargets: 'planning.targets.set',
} as const;

const IsoDate = () => IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a date (YYYY-MM-DD)` });

export const PlanStatuses = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type PlanStatus = (typeof PlanStatuses)[number];

/** `POST /api/planning/plans`: a budget plan of categories × store clusters × weeks, its baseline the final forecast. */
export class CreatePlanBody {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsoDate() from!: string;
  @IsoDate() to!: string;
  /** Only these departments (all when absent). */
  @IsOptional() @IsString() @MaxLength(200) department?: string;
  /** A second category manager who may approve (an admin always may). */
  @IsOptional() @IsString() @MaxLength(320) approver?: string;
  /** Managers who may change the draft besides its owner (and admins). */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(320, { each: true }) editors?: string[];

  /** Most products a category may keep in a cluster's range; more is warned about. */
  @BoundedNumber(1, MAX_QUANTITY, { integer: true, optional: true }) maxRange?: number;

  /** Last year's week of each week: the same fiscal week (the default), or around Easter the same week of the holiday. */
  @IsOptional() @IsIn(LastYearAlignments) lastYear?: LastYearAlignment;
}

export class CreatePlanCommand extends CreatePlanBody {
  @IsString() actor!: string;
}

export interface PlanView {
  id: string;
  name: string;
  /** How last year's figures line up with the plan's weeks. */
  lastYear: LastYearAlignment;
  owner: string;
  approver: string | null;
  /** Who may change the draft besides its owner and admins. */
  editors: string[];
  from: string;
  to: string;
  department: string | null;
  status: PlanStatus;
  comment: string | null;
  /** Row version: every change names it and bumps it; a stale one gets 409. */
  version: number;
  /** The plan's lineage: v1, v2, … share a family; a scenario is a what-if branched from one of them. */
  familyId: string;
  revision: number;
  scenario: string | null;
  branchedFrom: string | null;
  cells: number;
  planUnits: number;
  /** Plan units valued at each cell's price. */
  planRevenue: number;
  /** Actual units of the same weeks a year (52 weeks) earlier. */
  lastYearUnits: number;
  /** True when a forecast run completed after this plan's baseline was taken (refresh-baseline takes it). */
  newerForecast: boolean;
  baselineAt: string;
  forecastUnits: number;
  createdAt: string;
  updatedAt: string;
}

export class PlanKey {
  @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export const PlanActions = ['submit', 'approve', 'reject', 'reopen'] as const;
export type PlanAction = (typeof PlanActions)[number];

export class TransitionBody {
  @Type(() => Number) @IsInt({ message: 'version must be the plan version you saw' }) version!: number;
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class TransitionCommand extends TransitionBody {
  @IsUUID('all') id!: string;
  @IsIn(PlanActions) action!: PlanAction;
  @IsString() actor!: string;
  /** The actor's roles, for the approval rule (an admin may approve any plan but their own). */
  @IsString({ each: true }) roles!: string[];
}

export class RefreshBaselineCommand extends PlanKey {
  @Type(() => Number) @IsInt({ message: 'version must be the plan version you saw' }) version!: number;
  @IsString() actor!: string;
  @IsString({ each: true }) roles!: string[];
}

export interface BudgetCell {
  category: string;
  cluster: string;
  week: string;
  forecast: number;
  plan: number;
  locked: boolean;
  version: number;
  /** Revenue per unit: the forecast's product mix at unit prices (last year's mix where the forecast is 0). */
  price: number;
  planRevenue: number;
  forecastRevenue: number;
  /** Cost per unit and plan margin (revenue − cost); null where a product of the cell has no cost in the catalog. */
  unitCost: number | null;
  planMargin: number | null;
  /** Actual units and revenue of the week 52 weeks earlier (0 when none sold, null before any data). */
  lastYear: number;
  lastYearRevenue: number;
  /** Actual units and revenue of this week once its sales arrive; null until then. */
  actual: number | null;
  actualRevenue: number | null;
  /** Open to buy: plan − actual once the week's sales are in; the whole plan before. */
  remaining: number;
}

/** The most cells `GET …/cells` returns as cell objects (about 12 MB); more ask for `format=rows` or a category. */
export const MAX_GRID_CELL_OBJECTS = 50_000;

/** `GET /api/planning/plans/:id/cells?category=&cluster=` */
export class GridFilter {
  @IsOptional() @IsString() @MaxLength(200) category?: string;
  @IsOptional() @IsString() @MaxLength(200) cluster?: string;
  /**
   * `rows`: the cells as rows of weeks (GridView.rows), about a fifth of the size, which a big plan
   * needs (200,000 cells are some 50 MB as cell objects); `cells`, the default: an object per cell,
   * for at most MAX_GRID_CELL_OBJECTS cells (more are refused with 400 naming `format`).
   */
  @IsOptional() @IsIn(['cells', 'rows'], { message: 'format must be cells or rows' }) format?: 'cells' | 'rows';
}

export class GridQuery extends GridFilter {
  @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

/** Plan against forecast at a level: category × cluster, category, cluster, or the whole plan (null = all). */
export interface GridRollup {
  category: string | null;
  cluster: string | null;
  plan: number;
  forecast: number;
  /** plan − forecast, in units. */
  gap: number;
  lastYear: number;
  /** plan − last year, in units, and as growth in percent (null when last year sold nothing). */
  gapToLastYear: number;
  growthPercent: number | null;
  planRevenue: number;
  forecastRevenue: number;
  lastYearRevenue: number;
  /** Plan margin and margin % of plan revenue; null unless every cell of the level has a cost. */
  planMargin: number | null;
  marginPercent: number | null;
  /** Open to buy: the plan of the weeks with sales against their actuals, and what is left of the whole plan. */
  planToDate: number;
  actualToDate: number;
  remaining: number;
}

/** A category × cluster's cells as one row: every other field of its cells as an array, a week per element (oldest first). */
export type GridRow = Pick<BudgetCell, 'category' | 'cluster'> & { [K in Exclude<keyof BudgetCell, 'category' | 'cluster'>]: Array<BudgetCell[K]> };

export interface GridView {
  plan: PlanView;
  /** Every selected cell; empty when rows were asked for (`format=rows`). */
  cells: BudgetCell[];
  /** With `format=rows`: the selected cells as rows of weeks. */
  rows?: GridRow[];
  /** Over the selected cells, at every level. */
  rollups: GridRollup[];
}

/** `PATCH /api/planning/plans/:id/cells`: one cell's plan units and/or lock, naming the cell version seen. */
export class SetCellBody {
  @IsString() @MaxLength(200) category!: string;
  @IsString() @MaxLength(200) cluster!: string;
  @IsoDate() week!: string;
  @Type(() => Number) @IsInt({ message: 'version must be the cell version you saw' }) version!: number;
  @Quantity({ optional: true }) units?: number;
  @IsOptional() @IsIn([true, false], { message: 'locked must be true or false' }) locked?: boolean;
}

export class SetCellCommand extends SetCellBody {
  @IsUUID('all') id!: string;
  @IsString() actor!: string;
  /** The actor's roles: a plan's owner, its editors and admins may change it. */
  @IsString({ each: true }) roles!: string[];
}

export const SpreadBases = ['forecast', 'current', 'even', 'last_year', 'profile'] as const;
export const GrowthReferences = ['current', 'forecast', 'last_year'] as const;
/** A profile has one weight per week of the selection; a plan covers at most 104 weeks. */
export const MAX_PROFILE_WEEKS = 104;

/**
 * `POST /api/planning/plans/:id/spread`: set the total of the selected cells (all when no filter)
 * to `total` units, or change it by `growthPercent`; locked cells keep their values and the others
 * absorb the difference in proportion to the basis. Names the plan version seen.
 */
export class SpreadBody {
  @Type(() => Number) @IsInt({ message: 'version must be the plan version you saw' }) version!: number;
  @IsOptional() @IsString() @MaxLength(200) category?: string;
  @IsOptional() @IsString() @MaxLength(200) cluster?: string;
  @IsOptional() @IsoDate() from?: string;
  @IsOptional() @IsoDate() to?: string;
  @Quantity({ optional: true }) total?: number;
  @Percent({ optional: true }) growthPercent?: number;
  /** What growthPercent grows: the selection's current plan (default), its forecast or last year's actuals. */
  @IsOptional() @IsIn(GrowthReferences, { message: `growthAgainst must be one of ${GrowthReferences.join(', ')}` }) growthAgainst?: (typeof GrowthReferences)[number];
  @IsOptional() @IsIn(SpreadBases, { message: `basis must be one of ${SpreadBases.join(', ')}` }) basis?: (typeof SpreadBases)[number];
  /**
   * With basis `profile`: one weight per week of the selection, first week first. Each category ×
   * cluster keeps its share of the forecast; its weeks follow the profile.
   */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PROFILE_WEEKS)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true, message: 'profile must be a list of numbers' })
  @Min(0, { each: true, message: 'profile weights must not be negative' })
  @Max(MAX_QUANTITY, { each: true, message: 'profile weights must be 1e12 or less' })
  profile?: number[];
}

export class SpreadCommand extends SpreadBody {
  @IsUUID('all') id!: string;
  @IsString() actor!: string;
  /** The actor's roles: a plan's owner, its editors and admins may change it. */
  @IsString({ each: true }) roles!: string[];
}

export interface SpreadResult {
  plan: PlanView;
  cellsChanged: number;
  total: number;
}

/** `GET /api/planning/plans/:id/cells/history?category=&cluster=&week=`: every change of one cell. */
export class CellKey {
  @IsString() @MaxLength(200) category!: string;
  @IsString() @MaxLength(200) cluster!: string;
  @IsoDate() week!: string;
}

export class CellHistoryQuery extends CellKey {
  @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export interface CellChange {
  at: string;
  actor: string;
  /** `cell` (an edit of this cell) or `spread` (a top-down change that covered it). */
  what: string;
  before: { plan: number; locked: boolean };
  after: { plan: number; locked: boolean };
}

/** `GET /api/planning/plans/:id/assortment/history?sku=&cluster=`: the range changes, of one product or cluster when named. */
export class RangeHistoryFilter {
  @IsOptional() @IsString() @MaxLength(64) sku?: string;
  @IsOptional() @IsString() @MaxLength(200) cluster?: string;
}

export class RangeHistoryQuery extends RangeHistoryFilter {
  @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export interface AuditEntry {
  at: string;
  actor: string;
  what: string;
  before: unknown;
  after: unknown;
}

/**
 * `POST /api/planning/plans/:id/versions` (the next version of the family, a draft copy of this
 * one, e.g. to change an approved plan) or `…/scenarios` with a name (a what-if copy).
 */
export class BranchBody {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) scenario?: string;
}

export class BranchCommand extends BranchBody {
  @IsUUID('all') id!: string;
  @IsIn(['version', 'scenario']) kind!: 'version' | 'scenario';
  @IsString() actor!: string;
}

/** `GET /api/planning/plans/:id/compare?with=<plan id>` */
export class CompareWith {
  @IsUUID('all', { message: 'with must be a plan id' }) with!: string;
}

export class CompareQuery extends CompareWith {
  @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export interface CompareView {
  a: PlanView;
  b: PlanView;
  /** Cells that differ (or exist in one only), with b − a. */
  cells: Array<{ category: string; cluster: string; week: string; a: number | null; b: number | null; difference: number }>;
  totalA: number;
  totalB: number;
}

// ---- strategies ----

export const CategoryRoles = ['destination', 'routine', 'seasonal', 'convenience'] as const;
export const CategoryStrategies = ['traffic_building', 'transaction_building', 'profit_generating', 'excitement_creating', 'image_enhancing'] as const;

/** `PUT /api/planning/plans/:id/strategies/:category`, naming the strategy version seen (0 for a new one). */
export class StrategyBody {
  @Type(() => Number) @IsInt({ message: 'version must be the strategy version you saw (0 for a new one)' }) @Min(0) version!: number;
  @IsIn(CategoryRoles, { message: `role must be one of ${CategoryRoles.join(', ')}` }) role!: (typeof CategoryRoles)[number];
  @IsIn(CategoryStrategies, { message: `strategy must be one of ${CategoryStrategies.join(', ')}` }) strategy!: (typeof CategoryStrategies)[number];
  @Percent({ optional: true }) salesGrowthPercent?: number;
  @BoundedNumber(-MAX_PERCENT, 100, { optional: true }) marginPercent?: number;
  @Quantity({ optional: true, integer: true }) productsTarget?: number;
  @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}

export class StrategyCommand extends StrategyBody {
  @IsUUID('all') id!: string;
  @IsString() @MaxLength(200) category!: string;
  @IsString() actor!: string;
  /** The actor's roles: a plan's owner, its editors and admins may change it. */
  @IsString({ each: true }) roles!: string[];
}

export type TargetCheck = 'met' | 'missed' | 'unknown';

export interface StrategyView extends Omit<StrategyBody, 'version'> {
  category: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
  /** The category's planned units against last year's actuals (its forecast where last year sold nothing), in percent. */
  plannedGrowthPercent: number | null;
  growthAgainst: 'last_year' | 'forecast';
  /** Distinct products the category's range keeps in any cluster; the products target is met within 5% (at least 1). */
  productsKept: number;
  /** The category's plan margin in percent of its plan revenue; null where products lack costs (the margin check is then unknown). */
  plannedMarginPercent: number | null;
  checks: { salesGrowth: TargetCheck; margin: TargetCheck; products: TargetCheck };
}

// ---- assortments ----

export interface RangeItem {
  sku: string;
  name: string;
  category: string;
  cluster: string;
  inRange: boolean;
  /** The first week the product is in (or out of) the cluster's range. */
  fromWeek: string;
  /** Final forecast over the plan's period and its value at the unit price. */
  units: number;
  revenue: number;
  version: number;
}

export interface RangeSummary {
  category: string;
  cluster: string;
  kept: number;
  units: number;
  revenue: number;
}

export interface AssortmentView {
  items: RangeItem[];
  summary: RangeSummary[];
  warnings: string[];
}

export class AssortmentQuery extends GridQuery {}

/** `PATCH /api/planning/plans/:id/assortment`: a product in or out of a cluster's range, naming the item version seen. */
export class SetRangeBody {
  @IsString() @MaxLength(64) sku!: string;
  @IsString() @MaxLength(200) cluster!: string;
  @IsIn([true, false], { message: 'inRange must be true or false' }) inRange!: boolean;
  @IsOptional() @IsoDate() fromWeek?: string;
  @Type(() => Number) @IsInt({ message: 'version must be the item version you saw' }) version!: number;
}

export class SetRangeCommand extends SetRangeBody {
  @IsUUID('all') id!: string;
  @IsString() actor!: string;
  /** The actor's roles: a plan's owner, its editors and admins may change it. */
  @IsString({ each: true }) roles!: string[];
}

/** `GET /api/planning/calendar`: the retail calendar of weeks `from` to `to` (at most MAX_CALENDAR_WEEKS). */
export class CalendarQuery {
  @IsoDate() from!: string;
  @IsoDate() to!: string;
}

export const MAX_CALENDAR_WEEKS = 520;

export interface CalendarView {
  calendar: FiscalCalendar;
  /** Each week of the period with its fiscal year, month, quarter and last year's week by fiscal week and by holiday. */
  weeks: Array<FiscalWeek & { lastYear: string | null; lastYearByHoliday: string | null }>;
}

/** `GET /api/planning/plans/:id/open-to-buy`: stock, receipts and what is left to buy, by category × cluster × period. */
export const OpenToBuyLevels = ['cluster', 'category', 'plan'] as const;
export type OpenToBuyLevel = (typeof OpenToBuyLevels)[number];

export class OpenToBuyFilter {
  @IsOptional() @IsIn(FiscalPeriods, { message: `period must be one of ${FiscalPeriods.join(', ')}` }) period?: FiscalPeriod;
  /** The end stock each period plans for, in weeks of its planned sales: overrides every category's target (see merchandise targets). */
  @IsOptional() @Type(() => Number) @IsNumber({}, { message: 'weeksOfCover must be a number' }) @Min(0) @Max(52) weeksOfCover?: number;
  @IsOptional() @IsString() @MaxLength(200) category?: string;
  /** Rows per category × cluster (default), summed per category, or one row for the whole plan. */
  @IsOptional() @IsIn(OpenToBuyLevels, { message: `by must be one of ${OpenToBuyLevels.join(', ')}` }) by?: OpenToBuyLevel;
}

export class OpenToBuyQuery extends OpenToBuyFilter {
  @IsUUID('all') id!: string;
}

/** Stock flows of one period: in units, or at retail value (units at the plan's price of their week). */
export interface StockFlows {
  /** On hand at the start: counted (the week before the plan) for the first period, the planned end stock of the one before after that. */
  beginningStock: number;
  /** On order, due in the period. */
  receipts: number;
  /** The plan's sales. */
  sales: number;
  /** The markdown budget (0 in units: a markdown lowers value, not units). */
  markdowns: number;
  /** The category's target: weeks of cover × the period's planned sales per week, or stock-to-sales × the period's sales. */
  endStock: number;
  /** endStock + sales + markdowns − beginningStock − receipts (negative: bought more than the plan needs). */
  openToBuy: number;
}

/** One period's stock plan of a category × cluster (or their sum), with its money. */
export interface OpenToBuyFigures extends StockFlows {
  /** sales ÷ the average of beginning and end stock; null without stock. */
  turns: number | null;
  /** sales ÷ (beginning stock + receipts); null without either. */
  sellThrough: number | null;
  /** The same flows at retail value. */
  value: StockFlows;
  /** Planned cost of sales; null where a product lacks a cost. */
  cost: number | null;
  /** Planned sales value − cost, before and after the markdown budget (null without cost). */
  grossMargin: number | null;
  grossMarginAfterMarkdowns: number | null;
  /** Recorded so far (weeks with sales): sales value, and markdowns = (regular price − price paid) × units where paid below the catalog's price. */
  actualSales: number;
  actualMarkdowns: number;
}

export interface OpenToBuyView {
  plan: PlanView;
  period: FiscalPeriod;
  by: OpenToBuyLevel;
  /** The override asked for; null: each category's own target (DEFAULT_WEEKS_OF_COVER where it has none). */
  weeksOfCover: number | null;
  /** The week whose closing stock count opens the plan. */
  openingCount: string;
  periods: Array<{ name: string; from: string; to: string; weeks: number }>;
  /** category and cluster are null in rows that sum over them (`by`). */
  rows: Array<{ category: string | null; cluster: string | null; figures: OpenToBuyFigures[] }>;
}

/** The end stock a category plans for when it names no target. */
export const DEFAULT_WEEKS_OF_COVER = 4;

/** A markdown budget over weeks `from` to `to`: a rate (percent of the planned sales value) or an amount of money, spread by planned sales. */
export class MarkdownEntry {
  @IsoDate() from!: string;
  @IsoDate() to!: string;
  /** Give one of ratePercent and amount (the other absent or null). */
  @BoundedNumber(0, 100, { optional: true }) ratePercent?: number | null;
  @BoundedNumber(0, MAX_PRICE * 1000, { optional: true }) amount?: number | null;
}

/** `PUT /api/planning/plans/:id/merchandise-targets/:category`: the category's stock target and markdown budget, naming the version seen (0 for new). */
export class MerchandiseTargetsBody {
  @Type(() => Number) @IsInt({ message: 'version must be the targets version you saw (0 for new ones)' }) @Min(0) version!: number;
  /** End stock in weeks of each period's planned sales; or give stockToSales instead. */
  @BoundedNumber(0, 52, { optional: true }) weeksOfCover?: number;
  /** End stock as a multiple of each period's planned sales. */
  @BoundedNumber(0, 52, { optional: true }) stockToSales?: number;
  @IsOptional() @IsArray() @ArrayMaxSize(120) @ValidateNested({ each: true }) @Type(() => MarkdownEntry) markdowns?: MarkdownEntry[];
}

export class MerchandiseTargetsCommand extends MerchandiseTargetsBody {
  @IsUUID('all') id!: string;
  @IsString() @MaxLength(200) category!: string;
  @IsString() actor!: string;
  /** The actor's roles: a plan's owner, its editors and admins may change it. */
  @IsString({ each: true }) roles!: string[];
}

export interface MerchandiseTargetsView {
  category: string;
  weeksOfCover: number | null;
  stockToSales: number | null;
  markdowns: Array<{ from: string; to: string; ratePercent: number | null; amount: number | null }>;
  version: number;
  updatedBy: string;
  updatedAt: string;
}
