import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  CalendarQuery,
  CalendarView,
  ErrorCodes,
  FiscalCalendar,
  ForecastPatterns,
  LastYearAlignment,
  MAX_CALENDAR_WEEKS,
  MovingHoliday,
  fiscalWeek,
  lastYearWeek,
  periodProblem,
  weeksBetween,
  weeksFrom,
} from '@tideline/contracts';
import { DomainError, sendRpc, serviceClientToken } from '@tideline/server-kit';
import { PlanningEnv, fiscalCalendarOf } from '../planning.env';

const TIMEOUT_MS = 10_000;

/**
 * The configured retail calendar: where each week sits, and which week last year it is compared
 * with (by fiscal week, or by the moving holidays of the forecast service's events calendar).
 */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);
  readonly calendar: FiscalCalendar;

  constructor(
    env: PlanningEnv,
    @Inject(serviceClientToken('forecast')) private readonly forecast: ClientProxy,
  ) {
    this.calendar = fiscalCalendarOf(env);
  }

  /**
   * The events calendar's chain-wide events as moving holidays, the weeks of each name together
   * (an event of one region or store is not the chain's holiday). Without an answer from the
   * forecast service, only the built-in Easter is used, and the log says so.
   */
  async holidays(): Promise<MovingHoliday[]> {
    try {
      const events = await sendRpc(this.forecast, ForecastPatterns.listEvents, {}, TIMEOUT_MS);
      const weeks = new Map<string, string[]>();
      for (const event of events) {
        if (event.scope.region || event.scope.store) continue;
        weeks.set(event.name, [...(weeks.get(event.name) ?? []), ...event.weeks]);
      }
      return [...weeks].map(([name, list]) => ({ name, weeks: list.sort() }));
    } catch (error) {
      this.logger.warn(`The events calendar could not be read (${(error as Error).message}): last year by holiday uses the built-in Easter only`);
      return [];
    }
  }

  async view({ from, to }: CalendarQuery): Promise<CalendarView> {
    const problem = periodProblem(from, to);
    if (problem) throw new DomainError(ErrorCodes.validationFailed, `${problem.field}: ${problem.message}`, { field: problem.field });
    if (weeksBetween(from, to) >= MAX_CALENDAR_WEEKS) throw new DomainError(ErrorCodes.validationFailed, `to: at most ${MAX_CALENDAR_WEEKS} weeks at a time`, { field: 'to' });
    const holidays = await this.holidays();
    return {
      calendar: this.calendar,
      weeks: weeksFrom(from, to).map((week) => ({
        ...fiscalWeek(this.calendar, week),
        lastYear: lastYearWeek(this.calendar, week, 'fiscal_week'),
        lastYearByHoliday: lastYearWeek(this.calendar, week, 'holiday', holidays),
      })),
    };
  }

  /** Each week of `from`…`to` that has a week last year, with that week. */
  async lastYearWeeks(from: string, to: string, alignment: LastYearAlignment): Promise<Map<string, string>> {
    const holidays = alignment === 'holiday' ? await this.holidays() : [];
    const weeks = new Map<string, string>();
    for (const week of weeksFrom(from, to)) {
      const last = lastYearWeek(this.calendar, week, alignment, holidays);
      if (last) weeks.set(week, last);
    }
    return weeks;
  }
}
