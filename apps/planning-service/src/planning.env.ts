import { FiscalCalendar, FiscalPattern, FiscalPatterns, fiscalCalendarProblem } from '@tideline/contracts';
import { ServiceEnv } from '@tideline/server-kit';
import { IsIn, Matches } from 'class-validator';

export class PlanningEnv extends ServiceEnv {
  /** Weeks per fiscal month in each quarter. */
  @IsIn(FiscalPatterns)
  FISCAL_PATTERN!: FiscalPattern;

  /** MM-DD: each fiscal year ends on the Sunday nearest this day (01-31: the NRF's retail year). */
  @Matches(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'FISCAL_YEAR_END must be MM-DD, such as 01-31' })
  FISCAL_YEAR_END!: string;

  /** A fiscal year is named by the calendar year it starts in, or the one it ends in. */
  @IsIn(['start', 'end'])
  FISCAL_YEAR_NAMED_BY!: 'start' | 'end';
}

/** The retail calendar the configuration names; a day that no year has (02-30) is refused at start-up. */
export function fiscalCalendarOf(env: PlanningEnv): FiscalCalendar {
  const calendar: FiscalCalendar = { pattern: env.FISCAL_PATTERN, yearEnd: env.FISCAL_YEAR_END, namedBy: env.FISCAL_YEAR_NAMED_BY };
  const problem = fiscalCalendarProblem(calendar);
  if (problem) throw new Error(`FISCAL_YEAR_END: ${problem}`);
  return calendar;
}
