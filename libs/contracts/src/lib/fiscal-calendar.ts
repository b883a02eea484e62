import { easterWeek } from './holidays';
import { addWeeks, weeksBetween } from './weeks';

/**
 * The retail calendar: weeks (Monday to Sunday, named by their Monday) grouped into fiscal months
 * of 4 or 5 weeks (three to a quarter), quarters and years. A fiscal year ends on the Sunday
 * nearest a set day (`yearEnd`, 'MM-DD'; the NRF's retail year ends near 31 January), so it has 52
 * weeks, or 53 when the nearest Sunday comes round to it; the 53rd week joins the last month. A
 * year is named by the calendar year in which it ends (`namedBy: 'end'`), or the one before
 * (`'start'`: the NRF's 2024 ends near 31 January 2025).
 */
export const FiscalPatterns = ['4-5-4', '4-4-5', '5-4-4'] as const;
export type FiscalPattern = (typeof FiscalPatterns)[number];

/** How last year's week is found: the same fiscal week, or (around Easter) the same week of the holiday. */
export const LastYearAlignments = ['fiscal_week', 'holiday'] as const;
export type LastYearAlignment = (typeof LastYearAlignments)[number];

export interface FiscalCalendar {
  pattern: FiscalPattern;
  /** 'MM-DD': the year ends on the Sunday nearest this day. */
  yearEnd: string;
  namedBy: 'start' | 'end';
}

export const NRF_CALENDAR: FiscalCalendar = { pattern: '4-5-4', yearEnd: '01-31', namedBy: 'start' };

/** Where a week sits in the fiscal calendar. */
export interface FiscalWeek {
  week: string;
  year: number;
  /** 1 to 52, or 53. */
  weekOfYear: number;
  weeksInYear: number;
  /** 1 to 12. */
  month: number;
  weekOfMonth: number;
  weeksInMonth: number;
  /** 1 to 4. */
  quarter: number;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Why a calendar is not one, naming the field; null when it is. */
export function fiscalCalendarProblem(calendar: FiscalCalendar): string | null {
  if (!FiscalPatterns.includes(calendar.pattern)) return `pattern must be one of ${FiscalPatterns.join(', ')}`;
  if (calendar.namedBy !== 'start' && calendar.namedBy !== 'end') return 'namedBy must be start or end';
  const match = /^(\d\d)-(\d\d)$/.exec(calendar.yearEnd);
  const [month, day] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(2001, month, 0)).getUTCDate()) return 'yearEnd must be a day of the year as MM-DD (29 February is not one)';
  return null;
}

/** The Monday after the fiscal year that ends in calendar year `year` (the Sunday nearest `yearEnd`, plus a day). */
function startAfterEndIn(calendar: FiscalCalendar, year: number): string {
  const [month, day] = calendar.yearEnd.split('-').map(Number);
  const target = Date.UTC(year, month - 1, day);
  const weekday = new Date(target).getUTCDay(); // 0 = Sunday
  const sunday = target + (weekday <= 3 ? -weekday : 7 - weekday) * DAY_MS;
  return iso(sunday + DAY_MS);
}

/** The fiscal year that holds `week`: the calendar year of its end, its first Monday and its number of weeks. */
function yearHolding(calendar: FiscalCalendar, week: string): { endYear: number; start: string; weeks: number } {
  // The year ending in calendar year Y starts after the end in Y − 1.
  let endYear = Number(week.slice(0, 4));
  while (startAfterEndIn(calendar, endYear - 1) > week) endYear--;
  while (startAfterEndIn(calendar, endYear) <= week) endYear++;
  return yearEndingIn(calendar, endYear);
}

function yearEndingIn(calendar: FiscalCalendar, endYear: number) {
  const start = startAfterEndIn(calendar, endYear - 1);
  return { endYear, start, weeks: weeksBetween(start, startAfterEndIn(calendar, endYear)) };
}

const nameOf = (calendar: FiscalCalendar, endYear: number) => (calendar.namedBy === 'end' ? endYear : endYear - 1);

/** The weeks of each month of a year of `weeksInYear` weeks: the pattern four times, the 53rd week in the last month. */
function monthLengths(pattern: FiscalPattern, weeksInYear: number): number[] {
  const quarter = pattern.split('-').map(Number);
  const months = [...quarter, ...quarter, ...quarter, ...quarter];
  months[11] += weeksInYear - 52;
  return months;
}

/** Where `week` (a Monday) sits in the calendar. */
export function fiscalWeek(calendar: FiscalCalendar, week: string): FiscalWeek {
  const { endYear, start, weeks } = yearHolding(calendar, week);
  const weekOfYear = weeksBetween(start, week) + 1;
  const months = monthLengths(calendar.pattern, weeks);
  let month = 0;
  let before = 0;
  while (before + months[month] < weekOfYear) before += months[month++];
  return {
    week,
    year: nameOf(calendar, endYear),
    weekOfYear,
    weeksInYear: weeks,
    month: month + 1,
    weekOfMonth: weekOfYear - before,
    weeksInMonth: months[month],
    quarter: Math.floor(month / 3) + 1,
  };
}

/** The first Monday of fiscal year `year` and its number of weeks. */
export function fiscalYear(calendar: FiscalCalendar, year: number): { start: string; weeks: number } {
  const { start, weeks } = yearEndingIn(calendar, calendar.namedBy === 'end' ? year : year + 1);
  return { start, weeks };
}

/** How many weeks before and after a moving holiday's week are lined up with last year's holiday rather than by fiscal week. */
const HOLIDAY_WINDOW = { before: 2, after: 1 };

/** A moving holiday and its weeks (one a year), from the events calendar; Easter is built in. */
export interface MovingHoliday {
  name: string;
  weeks: readonly string[];
}

/**
 * Last year's week to compare `week` with: the same week of the previous fiscal year (none for a
 * 53rd week); with 'holiday', a week near a moving holiday (2 weeks before to 1 after) is lined up
 * with last year's week of the same holiday instead, so that holiday trade meets holiday trade when
 * the holiday moves. The holidays are `holidays` (the events calendar's), and Easter unless they
 * name it; where two are near, the nearer one counts.
 */
export function lastYearWeek(calendar: FiscalCalendar, week: string, alignment: LastYearAlignment = 'fiscal_week', holidays: readonly MovingHoliday[] = []): string | null {
  const here = fiscalWeek(calendar, week);
  if (alignment === 'holiday') {
    const [thisYear, lastYear] = [fiscalYear(calendar, here.year), fiscalYear(calendar, here.year - 1)];
    let best: { offset: number; week: string } | null = null;
    for (const holiday of withEaster(holidays, here.year)) {
      const [now, before] = [weekIn(holiday.weeks, thisYear), weekIn(holiday.weeks, lastYear)];
      if (!now || !before) continue;
      const offset = weeksBetween(now, week);
      if (offset < -HOLIDAY_WINDOW.before || offset > HOLIDAY_WINDOW.after) continue;
      if (!best || Math.abs(offset) < Math.abs(best.offset)) best = { offset, week: addWeeks(before, offset) };
    }
    if (best) return best.week;
  }
  const last = fiscalYear(calendar, here.year - 1);
  return here.weekOfYear > last.weeks ? null : addWeeks(last.start, here.weekOfYear - 1);
}

/** The holidays given, and the built-in Easter of the years around fiscal `year` unless one of them is Easter. */
function withEaster(holidays: readonly MovingHoliday[], year: number): readonly MovingHoliday[] {
  if (holidays.some((h) => /^easter/i.test(h.name))) return holidays;
  return [...holidays, { name: 'easter', weeks: [year - 2, year - 1, year, year + 1].map(easterWeek) }];
}

/** The holiday's week within a fiscal year, if it has one. */
function weekIn(weeks: readonly string[], { start, weeks: count }: { start: string; weeks: number }): string | null {
  const end = addWeeks(start, count - 1);
  return weeks.find((w) => w >= start && w <= end) ?? null;
}

/** How plan figures are grouped: each week, or the fiscal months, quarters or years of the calendar. */
export const FiscalPeriods = ['week', 'month', 'quarter', 'year'] as const;
export type FiscalPeriod = (typeof FiscalPeriods)[number];

/** A run of consecutive weeks in one fiscal month or quarter (or one week): their indices, and how many weeks the whole period has (0: not counted, for quarters). */
export interface FiscalPeriodGroup {
  year: number;
  /** The month (1–12), quarter (1–4) or week of the year (1 for the year itself). */
  number: number;
  weeks: number[];
  size: number;
}

/** Consecutive weeks grouped by fiscal month, quarter or year (each alone for 'week'), as indices into `weeks`. */
export function fiscalPeriods(weeks: readonly FiscalWeek[], period: FiscalPeriod): FiscalPeriodGroup[] {
  const groups: FiscalPeriodGroup[] = [];
  weeks.forEach((w, i) => {
    const number = period === 'month' ? w.month : period === 'quarter' ? w.quarter : period === 'year' ? 1 : w.weekOfYear;
    const last = groups[groups.length - 1];
    if (period !== 'week' && last?.year === w.year && last.number === number) last.weeks.push(i);
    else groups.push({ year: w.year, number, weeks: [i], size: period === 'month' ? w.weeksInMonth : period === 'week' ? 1 : 0 });
  });
  return groups;
}
