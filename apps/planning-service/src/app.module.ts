import { Module } from '@nestjs/common';
import { ServiceClientsModule, ServiceCoreModule, processedMessagesMigration } from '@tideline/server-kit';
import { ActualsService } from './actuals/actuals.service';
import { AssortmentService } from './assortment/assortment.service';
import { BudgetService } from './budget/budget.service';
import { PlansAndBudgets1764600000000 } from './migrations/1764600000000-plans-and-budgets';
import { ForecastBaseline1764700000000 } from './migrations/1764700000000-forecast-baseline';
import { PlanLineage1764800000000 } from './migrations/1764800000000-plan-lineage';
import { Strategies1764900000000 } from './migrations/1764900000000-strategies';
import { Assortments1765000000000 } from './migrations/1765000000000-assortments';
import { BudgetValuesAndActuals1765100000000 } from './migrations/1765100000000-budget-values-and-actuals';
import { PlanEditors1765600000000 } from './migrations/1765600000000-plan-editors';
import { BudgetRows1766500000000 } from './migrations/1766500000000-budget-rows';
import { BudgetRowTotals1766700000000 } from './migrations/1766700000000-budget-row-totals';
import { FiscalCalendar1766800000000 } from './migrations/1766800000000-fiscal-calendar';
import { MerchandiseTargets1767100000000 } from './migrations/1767100000000-merchandise-targets';
import { PlanningEnv } from './planning.env';
import { CalendarService } from './calendar/calendar.service';
import { MerchandiseTargetsService } from './stock/merchandise-targets.service';
import { OpenToBuyService } from './stock/open-to-buy.service';
import { PlanningController } from './planning.controller';
import { PlansService } from './plans/plans.service';
import { StrategiesService } from './strategies/strategies.service';

export const PLANNING_SCHEMA = 'planning';

@Module({
  imports: [
    ServiceCoreModule.forRoot({
      service: 'planning',
      schema: PLANNING_SCHEMA,
      env: PlanningEnv,
      entities: [],
      migrations: [processedMessagesMigration(PLANNING_SCHEMA, 1764000000000), PlansAndBudgets1764600000000, ForecastBaseline1764700000000, PlanLineage1764800000000, Strategies1764900000000, Assortments1765000000000, BudgetValuesAndActuals1765100000000, PlanEditors1765600000000, BudgetRows1766500000000, BudgetRowTotals1766700000000, FiscalCalendar1766800000000, MerchandiseTargets1767100000000],
    }),
    // The forecast gives plans their baseline; the catalog and sales give last year's and this year's actuals.
    ServiceClientsModule.register(['forecast', 'catalog', 'sales']),
  ],
  controllers: [PlanningController],
  providers: [PlansService, BudgetService, StrategiesService, AssortmentService, ActualsService, CalendarService, OpenToBuyService, MerchandiseTargetsService],
})
export class AppModule {}
