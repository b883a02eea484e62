import { BadRequestException, Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  AssortmentView,
  AuditEntry,
  BranchBody,
  BudgetCell,
  CellChange,
  CellKey,
  CompareView,
  CompareWith,
  CreatePlanBody,
  GridFilter,
  GridView,
  MerchandiseTargetsBody,
  MerchandiseTargetsView,
  OpenToBuyFilter,
  OpenToBuyView,
  Page,
  PageQuery,
  PlanAction,
  PlanActions,
  PlanView,
  PlanningPatterns,
  RangeHistoryFilter,
  RangeItem,
  Roles,
  SetCellBody,
  SetRangeBody,
  SpreadBody,
  SpreadResult,
  StrategyBody,
  StrategyView,
  TransitionBody,
} from '@tideline/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { ServiceBus } from '../messaging/service-bus';
import { csvCell } from '../uploads/rejections-csv';
import { openToBuyCsv } from './open-to-buy-csv';

/** Category managers and admins write plans; analysts read them. */
const PLANNERS = [Roles.admin, Roles.categoryManager];
const PLAN_READERS = [Roles.admin, Roles.categoryManager, Roles.forecastAnalyst];

@ApiTags('planning')
@ApiBearerAuth()
@Controller('planning/plans')
export class PlanningController {
  constructor(private readonly bus: ServiceBus) {}

  /** A plan of categories × clusters × weeks, its baseline the final forecast. */
  @AllowRoles(...PLANNERS)
  @Post()
  create(@Body() body: CreatePlanBody, @CurrentUser() user: AuthenticatedUser): Promise<PlanView> {
    return this.bus.send(PlanningPatterns.createPlan, { ...body, actor: user.email }, 30_000);
  }

  /** Plans, paged and sorted, with their totals. */
  @AllowRoles(...PLAN_READERS)
  @Get()
  list(@Query() query: PageQuery): Promise<Page<PlanView>> {
    return this.bus.send(PlanningPatterns.listPlans, query);
  }

  /** One plan with its totals and version. */
  @AllowRoles(...PLAN_READERS)
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PlanView> {
    return this.bus.send(PlanningPatterns.getPlan, { id });
  }

  /** The budget cells, optionally of one category and/or cluster. */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/cells')
  grid(@Param('id', new ParseUUIDPipe()) id: string, @Query() filter: GridFilter): Promise<GridView> {
    return this.bus.send(PlanningPatterns.grid, { ...filter, id });
  }

  /** Stock, receipts on order, planned sales, markdowns and end stock, and what is left to buy, in units and at retail value, with margin after markdowns: by category × cluster (or per category, or the plan) × fiscal month (or week, quarter or year). */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/open-to-buy')
  openToBuy(@Param('id', new ParseUUIDPipe()) id: string, @Query() filter: OpenToBuyFilter): Promise<OpenToBuyView> {
    return this.bus.send(PlanningPatterns.openToBuy, { ...filter, id });
  }

  /** The same open-to-buy as CSV: a line per row and period, in units and at retail value, with margin and actuals. */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/open-to-buy.csv')
  async openToBuyCsv(@Param('id', new ParseUUIDPipe()) id: string, @Query() filter: OpenToBuyFilter, @Res() res: Response): Promise<void> {
    const view = await this.bus.send(PlanningPatterns.openToBuy, { ...filter, id });
    res.status(200).type('text/csv; charset=utf-8').attachment(`open-to-buy-${id}.csv`);
    res.end(openToBuyCsv(view));
  }

  /** The plan's categories, in order (without loading its cells). */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/categories')
  categories(@Param('id', new ParseUUIDPipe()) id: string): Promise<string[]> {
    return this.bus.send(PlanningPatterns.categories, { id });
  }

  /** Sets one budget cell (units and/or its lock), naming the cell version seen. */
  @AllowRoles(...PLANNERS)
  @Patch(':id/cells')
  setCell(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetCellBody, @CurrentUser() user: AuthenticatedUser): Promise<BudgetCell> {
    return this.bus.send(PlanningPatterns.setCell, { ...body, id, actor: user.email, roles: [...user.roles] });
  }

  /** Every change of one cell (`?category=&cluster=&week=`): its edits and the spreads that covered it. */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/cells/history')
  cellHistory(@Param('id', new ParseUUIDPipe()) id: string, @Query() cell: CellKey): Promise<CellChange[]> {
    return this.bus.send(PlanningPatterns.cellHistory, { ...cell, id });
  }

  /** Sets or grows the total of a selection of cells and spreads it top-down; locked cells keep theirs. */
  @AllowRoles(...PLANNERS)
  @Post(':id/spread')
  @HttpCode(HttpStatus.OK)
  spread(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SpreadBody, @CurrentUser() user: AuthenticatedUser): Promise<SpreadResult> {
    return this.bus.send(PlanningPatterns.spread, { ...body, id, actor: user.email, roles: [...user.roles] });
  }

  /** The budget grid as CSV (text that a spreadsheet would run as a formula is neutralised). */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/export.csv')
  async export(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response): Promise<void> {
    // Rows of weeks: a plan of any size (cell objects stop at MAX_GRID_CELL_OBJECTS).
    const { plan, rows = [] } = await this.bus.send(PlanningPatterns.grid, { id, format: 'rows' });
    const { weeks } = await this.bus.send(PlanningPatterns.calendar, { from: plan.from, to: plan.to });
    const fiscal = new Map(weeks.map((w) => [w.week, [w.year, w.quarter, w.month, w.weekOfYear].join(',')]));
    const columns = ['forecast', 'plan', 'locked', 'price', 'planRevenue', 'forecastRevenue', 'unitCost', 'planMargin', 'lastYear', 'lastYearRevenue', 'actual', 'actualRevenue', 'remaining'] as const;
    const lines = rows.flatMap((row) => row.week.map((week, i) => [csvCell(row.category), csvCell(row.cluster), week, fiscal.get(week), ...columns.map((k) => row[k][i] ?? '')].join(',')));
    res.status(200).type('text/csv; charset=utf-8').attachment(`plan-${id}.csv`);
    res.end([['category', 'cluster', 'week', 'fiscal_year', 'fiscal_quarter', 'fiscal_month', 'fiscal_week', ...columns].join(','), ...lines].join('\n') + '\n');
  }

  /** Takes the newest forecast as the baseline; what the managers entered stays. */
  @AllowRoles(...PLANNERS)
  @Post(':id/refresh-baseline')
  @HttpCode(HttpStatus.OK)
  refreshBaseline(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: TransitionBody, @CurrentUser() user: AuthenticatedUser): Promise<PlanView> {
    return this.bus.send(PlanningPatterns.refreshBaseline, { id, version: body.version, actor: user.email, roles: [...user.roles] }, 30_000);
  }

  /** Every change to the plan: who, when, what, before and after. */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/history')
  history(@Param('id', new ParseUUIDPipe()) id: string): Promise<AuditEntry[]> {
    return this.bus.send(PlanningPatterns.history, { id });
  }

  /** The family's next version: a draft copy of this plan (an approved plan changes this way). */
  @AllowRoles(...PLANNERS)
  @Post(':id/versions')
  newVersion(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PlanView> {
    return this.bus.send(PlanningPatterns.branch, { id, kind: 'version', actor: user.email });
  }

  /** A named what-if copy of this plan; the source stays as it is. */
  @AllowRoles(...PLANNERS)
  @Post(':id/scenarios')
  newScenario(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: BranchBody, @CurrentUser() user: AuthenticatedUser): Promise<PlanView> {
    return this.bus.send(PlanningPatterns.branch, { ...body, id, kind: 'scenario', actor: user.email });
  }

  /** This plan against another version or scenario, cell by cell (`?with=<plan id>`). */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/compare')
  compare(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: CompareWith): Promise<CompareView> {
    return this.bus.send(PlanningPatterns.compare, { id, with: query.with });
  }

  /** A category's role, strategy, targets and notes, naming the strategy version seen (0 for a new one). */
  @AllowRoles(...PLANNERS)
  @Put(':id/strategies/:category')
  setStrategy(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('category') category: string,
    @Body() body: StrategyBody,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<StrategyView> {
    return this.bus.send(PlanningPatterns.setStrategy, { ...body, id, category, actor: user.email, roles: [...user.roles] });
  }

  /** A category's stock target (weeks of cover or stock-to-sales) and markdown budget, replaced whole, naming the version seen (0 for new ones). */
  @AllowRoles(...PLANNERS)
  @Put(':id/merchandise-targets/:category')
  setMerchandiseTargets(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('category') category: string,
    @Body() body: MerchandiseTargetsBody,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MerchandiseTargetsView> {
    return this.bus.send(PlanningPatterns.setMerchandiseTargets, { ...body, id, category, actor: user.email, roles: [...user.roles] });
  }

  /** Every category's stock target and markdown budget (categories without any are left out). */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/merchandise-targets')
  merchandiseTargets(@Param('id', new ParseUUIDPipe()) id: string): Promise<MerchandiseTargetsView[]> {
    return this.bus.send(PlanningPatterns.merchandiseTargets, { id });
  }

  /** The plan's category strategies, each target checked against the budget (met, missed or unknown). */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/strategies')
  strategies(@Param('id', new ParseUUIDPipe()) id: string): Promise<StrategyView[]> {
    return this.bus.send(PlanningPatterns.strategies, { id });
  }

  /** The range: products in or out per cluster, the kept range's figures per category × cluster, and warnings. */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/assortment')
  assortment(@Param('id', new ParseUUIDPipe()) id: string, @Query() filter: GridFilter): Promise<AssortmentView> {
    return this.bus.send(PlanningPatterns.assortment, { ...filter, id });
  }

  /** The range changes, of one product and/or cluster when named. */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/assortment/history')
  rangeHistory(@Param('id', new ParseUUIDPipe()) id: string, @Query() filter: RangeHistoryFilter): Promise<AuditEntry[]> {
    return this.bus.send(PlanningPatterns.rangeHistory, { ...filter, id });
  }

  /** Puts a product in or out of a cluster's range. */
  @AllowRoles(...PLANNERS)
  @Patch(':id/assortment')
  setRange(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetRangeBody, @CurrentUser() user: AuthenticatedUser): Promise<RangeItem> {
    return this.bus.send(PlanningPatterns.setRange, { ...body, id, actor: user.email, roles: [...user.roles] });
  }

  /** submit, approve, reject (with a comment) or reopen, naming the plan version seen. Last: `:action` would match the routes above. */
  @AllowRoles(...PLANNERS)
  @ApiParam({ name: 'action', enum: PlanActions, description: 'submit, approve, reject (with a comment) or reopen' })
  @Post(':id/:action')
  @HttpCode(HttpStatus.OK)
  transition(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('action') action: string,
    @Body() body: TransitionBody,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PlanView> {
    if (!(PlanActions as readonly string[]).includes(action)) {
      throw new BadRequestException(`action must be one of ${PlanActions.join(', ')}`);
    }
    return this.bus.send(PlanningPatterns.transition, { ...body, id, action: action as PlanAction, actor: user.email, roles: [...user.roles] });
  }
}
