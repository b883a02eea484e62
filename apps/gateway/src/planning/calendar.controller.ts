import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CalendarQuery, CalendarView, PlanningPatterns, Roles } from '@tideline/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { ServiceBus } from '../messaging/service-bus';

@ApiTags('planning')
@ApiBearerAuth()
@Controller('planning/calendar')
export class CalendarController {
  constructor(private readonly bus: ServiceBus) {}

  /** The retail calendar of weeks `from` to `to`: each week's fiscal year, month, quarter and week, and last year's week by fiscal week and by holiday. */
  @AllowRoles(Roles.admin, Roles.categoryManager, Roles.forecastAnalyst)
  @Get()
  calendar(@Query() query: CalendarQuery): Promise<CalendarView> {
    return this.bus.send(PlanningPatterns.calendar, query);
  }
}
