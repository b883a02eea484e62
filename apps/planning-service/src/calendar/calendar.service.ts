import { Injectable } from '@nestjs/common';
import { CalendarQuery, CalendarView, ErrorCodes, FiscalCalendar, LastYearAlignment, MAX_CALENDAR_WEEKS, fiscalWeek, lastYearWeek, periodProblem, weeksBetween, weeksFrom } from '@tideline/contracts';
import { DomainError } from '@tideline/server-kit';
import { PlanningEnv, fiscalCalendarOf } from '../planning.env';

/** The configured retail calendar: where each week sits, and which week last year it is compared with. */
@Injectable()
export class CalendarService {
  readonly calendar: FiscalCalendar;

  constructor(env: PlanningEnv) {
    this.calendar = fiscalCalendarOf(env);
  }

  view({ from, to }: CalendarQuery): CalendarView {
    const problem = periodProblem(from, to);
    if (problem) throw new DomainError(ErrorCodes.validationFailed, `${problem.field}: ${problem.message}`, { field: problem.field });
    if (weeksBetween(from, to) >= MAX_CALENDAR_WEEKS) throw new DomainError(ErrorCodes.validationFailed, `to: at most ${MAX_CALENDAR_WEEKS} weeks at a time`, { field: 'to' });
    return {
      calendar: this.calendar,
      weeks: weeksFrom(from, to).map((week) => ({
        ...fiscalWeek(this.calendar, week),
        lastYear: lastYearWeek(this.calendar, week, 'fiscal_week'),
        lastYearByHoliday: lastYearWeek(this.calendar, week, 'holiday'),
      })),
    };
  }

  /** Each week of `from`…`to` that has a week last year, with that week. */
  lastYearWeeks(from: string, to: string, alignment: LastYearAlignment): Map<string, string> {
    const weeks = new Map<string, string>();
    for (const week of weeksFrom(from, to)) {
      const last = lastYearWeek(this.calendar, week, alignment);
      if (last) weeks.set(week, last);
    }
    return weeks;
  }
}
