import { BadRequestException, Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AuditEntry,
  BudgetCell,
  CreatePlanBody,
  GridFilter,
  GridView,
  Page,
  PageQuery,
  PlanAction,
  PlanActions,
  PlanView,
  PlanningPatterns,
  Roles,
  SetCellBody,
  SpreadBody,
  SpreadResult,
  TransitionBody,
} from '@tideline/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { ServiceBus } from '../messaging/service-bus';

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

  @AllowRoles(...PLAN_READERS)
  @Get()
  list(@Query() query: PageQuery): Promise<Page<PlanView>> {
    return this.bus.send(PlanningPatterns.listPlans, query);
  }

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

  @AllowRoles(...PLANNERS)
  @Patch(':id/cells')
  setCell(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetCellBody, @CurrentUser() user: AuthenticatedUser): Promise<BudgetCell> {
    return this.bus.send(PlanningPatterns.setCell, { ...body, id, actor: user.email });
  }

  @AllowRoles(...PLANNERS)
  @Post(':id/spread')
  @HttpCode(HttpStatus.OK)
  spread(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SpreadBody, @CurrentUser() user: AuthenticatedUser): Promise<SpreadResult> {
    return this.bus.send(PlanningPatterns.spread, { ...body, id, actor: user.email });
  }

  /** submit, approve, reject (with a comment) or reopen, naming the plan version seen. */
  @AllowRoles(...PLANNERS)
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

  /** Every change to the plan: who, when, what, before and after. */
  @AllowRoles(...PLAN_READERS)
  @Get(':id/history')
  history(@Param('id', new ParseUUIDPipe()) id: string): Promise<AuditEntry[]> {
    return this.bus.send(PlanningPatterns.history, { id });
  }
}
