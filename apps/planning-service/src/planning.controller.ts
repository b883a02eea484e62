import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { runOnce } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import {
  AssortmentQuery,
  AssortmentView,
  AuditEntry,
  BranchCommand,
  BatchIngestedEvent,
  BudgetCell,
  CellChange,
  CellHistoryQuery,
  CalendarQuery,
  CalendarView,
  CompareQuery,
  CompareView,
  MerchandiseTargetsCommand,
  MerchandiseTargetsView,
  OpenToBuyQuery,
  OpenToBuyView,
  CreatePlanCommand,
  ForecastEvents,
  GridQuery,
  GridView,
  Page,
  PageQuery,
  PlanKey,
  PlanView,
  PlanningPatterns,
  RangeHistoryQuery,
  RangeItem,
  RefreshBaselineCommand,
  RunCompletedEvent,
  SalesEvents,
  SetCellCommand,
  SetRangeCommand,
  SpreadCommand,
  SpreadResult,
  StrategyCommand,
  StrategyView,
  TransitionCommand,
} from '@tideline/contracts';
import { ActualsService } from './actuals/actuals.service';
import { AssortmentService } from './assortment/assortment.service';
import { BudgetService } from './budget/budget.service';
import { CalendarService } from './calendar/calendar.service';
import { MerchandiseTargetsService } from './stock/merchandise-targets.service';
import { OpenToBuyService } from './stock/open-to-buy.service';
import { PlansService } from './plans/plans.service';
import { StrategiesService } from './strategies/strategies.service';

@Controller()
export class PlanningController {
  constructor(
    private readonly plans: PlansService,
    private readonly budget: BudgetService,
    private readonly strategies: StrategiesService,
    private readonly assortment: AssortmentService,
    private readonly actuals: ActualsService,
    private readonly calendar: CalendarService,
    private readonly stock: OpenToBuyService,
    private readonly targets: MerchandiseTargetsService,
    private readonly dataSource: DataSource,
  ) {}

  @MessagePattern(PlanningPatterns.createPlan)
  create(@Payload() command: CreatePlanCommand, @Ctx() context: RmqContext): Promise<PlanView> {
    // Once per message, so a client's retry with the same Idempotency-Key gets the first plan.
    return runOnce(this.dataSource, context, () => this.plans.create(command), { request: command });
  }

  @MessagePattern(PlanningPatterns.listPlans)
  list(@Payload() query: PageQuery): Promise<Page<PlanView>> {
    return this.plans.list(query);
  }

  @MessagePattern(PlanningPatterns.getPlan)
  get(@Payload() { id }: PlanKey): Promise<PlanView> {
    return this.plans.get(id);
  }

  @MessagePattern(PlanningPatterns.transition)
  transition(@Payload() command: TransitionCommand): Promise<PlanView> {
    return this.plans.transition(command);
  }

  @MessagePattern(PlanningPatterns.history)
  history(@Payload() { id }: PlanKey): Promise<AuditEntry[]> {
    return this.plans.history(id);
  }

  @MessagePattern(PlanningPatterns.refreshBaseline)
  refreshBaseline(@Payload() command: RefreshBaselineCommand): Promise<PlanView> {
    return this.plans.refreshBaseline(command);
  }

  @MessagePattern(PlanningPatterns.branch)
  branch(@Payload() command: BranchCommand, @Ctx() context: RmqContext): Promise<PlanView> {
    return runOnce(this.dataSource, context, () => this.plans.branch(command), { request: command });
  }

  @MessagePattern(PlanningPatterns.compare)
  compare(@Payload() query: CompareQuery): Promise<CompareView> {
    return this.plans.compare(query);
  }

  @MessagePattern(PlanningPatterns.setStrategy)
  setStrategy(@Payload() command: StrategyCommand): Promise<StrategyView> {
    return this.strategies.set(command);
  }

  @MessagePattern(PlanningPatterns.strategies)
  listStrategies(@Payload() { id }: PlanKey): Promise<StrategyView[]> {
    return this.strategies.list(id);
  }

  @MessagePattern(PlanningPatterns.assortment)
  assortmentView(@Payload() query: AssortmentQuery): Promise<AssortmentView> {
    return this.assortment.view(query);
  }

  @MessagePattern(PlanningPatterns.setRange)
  setRange(@Payload() command: SetRangeCommand): Promise<RangeItem> {
    return this.assortment.setRange(command);
  }

  @EventPattern(ForecastEvents.runCompleted)
  forecastCompleted(@Payload() event: RunCompletedEvent): Promise<void> {
    return this.plans.forecastCompleted(event);
  }

  @MessagePattern(PlanningPatterns.grid)
  grid(@Payload() query: GridQuery): Promise<GridView> {
    return this.budget.grid(query);
  }

  @MessagePattern(PlanningPatterns.categories)
  categories(@Payload() { id }: PlanKey): Promise<string[]> {
    return this.budget.categories(id);
  }

  @MessagePattern(PlanningPatterns.setCell)
  setCell(@Payload() command: SetCellCommand): Promise<BudgetCell> {
    return this.budget.setCell(command);
  }

  @MessagePattern(PlanningPatterns.spread)
  spread(@Payload() command: SpreadCommand): Promise<SpreadResult> {
    return this.budget.spread(command);
  }

  @MessagePattern(PlanningPatterns.cellHistory)
  cellHistory(@Payload() query: CellHistoryQuery): Promise<CellChange[]> {
    return this.budget.cellHistory(query);
  }

  @MessagePattern(PlanningPatterns.openToBuy)
  openToBuy(@Payload() query: OpenToBuyQuery): Promise<OpenToBuyView> {
    return this.stock.view(query);
  }

  @MessagePattern(PlanningPatterns.merchandiseTargets)
  merchandiseTargets(@Payload() { id }: PlanKey): Promise<MerchandiseTargetsView[]> {
    return this.targets.list(id);
  }

  @MessagePattern(PlanningPatterns.setMerchandiseTargets)
  setMerchandiseTargets(@Payload() command: MerchandiseTargetsCommand): Promise<MerchandiseTargetsView> {
    return this.targets.set(command);
  }

  @MessagePattern(PlanningPatterns.calendar)
  calendarOf(@Payload() query: CalendarQuery): Promise<CalendarView> {
    return this.calendar.view(query);
  }

  @MessagePattern(PlanningPatterns.rangeHistory)
  rangeHistory(@Payload() query: RangeHistoryQuery): Promise<AuditEntry[]> {
    return this.assortment.history(query);
  }

  @EventPattern(SalesEvents.batchIngested)
  salesIngested(@Payload() event: BatchIngestedEvent): Promise<void> {
    return this.actuals.salesIngested(event);
  }
}
