import { addWeeks } from './weeks';

/**
 * Built-in moving and fixed holidays, as weekly event drivers: a holiday is 1 in the week (Monday to
 * Sunday, named by its Monday) that holds its day. Weeks are dates, never week numbers, so a year of
 * 53 ISO weeks needs no special case: Christmas is simply in whichever week holds 25 December.
 */
export const HolidayLocales = ['US', 'GB', 'DE', 'FR'] as const;
export type HolidayLocale = (typeof HolidayLocales)[number];

const DAY_MS = 86_400_000;

/** A holiday's day in a year, as a UTC date. */
type Rule = (year: number) => Date;

const fixed = (month: number, day: number): Rule => (year) => new Date(Date.UTC(year, month - 1, day));
/** The `n`-th `weekday` (0 = Sunday) of a month; n = −1 for the last. */
const nthWeekday =
  (month: number, weekday: number, n: number): Rule =>
  (year) => {
    if (n > 0) {
      const first = new Date(Date.UTC(year, month - 1, 1));
      return new Date(first.getTime() + (((weekday - first.getUTCDay() + 7) % 7) + 7 * (n - 1)) * DAY_MS);
    }
    const last = new Date(Date.UTC(year, month, 0));
    return new Date(last.getTime() - ((last.getUTCDay() - weekday + 7) % 7) * DAY_MS);
  };
/** Days after Easter Sunday (Gregorian computus, Meeus/Jones/Butcher). */
const easter =
  (offset: number): Rule =>
  (year) => {
    const a = year % 19;
    const b = Math.floor(year / 100);
    const c = year % 100;
    const d = Math.floor(b / 4);
    const e = b % 4;
    const f = Math.floor((b + 8) / 25);
    const g = Math.floor((b - f + 1) / 3);
    const h = (19 * a + b - d - g + 15) % 30;
    const i = Math.floor(c / 4);
    const k = c % 4;
    const l = (32 + 2 * e + 2 * i - h - k) % 7;
    const m = Math.floor((a + 11 * h + 22 * l) / 451);
    const month = Math.floor((h + l - 7 * m + 114) / 31);
    const day = ((h + l - 7 * m + 114) % 31) + 1;
    return new Date(Date.UTC(year, month - 1, day + offset));
  };
const after = (rule: Rule, days: number): Rule => (year) => new Date(rule(year).getTime() + days * DAY_MS);

const thanksgiving = nthWeekday(11, 4, 4);

/** Each locale's holidays that move retail demand, by driver name. */
const CALENDARS: Record<HolidayLocale, Record<string, Rule>> = {
  US: {
    new_year: fixed(1, 1),
    easter: easter(0),
    memorial_day: nthWeekday(5, 1, -1),
    independence_day: fixed(7, 4),
    labor_day: nthWeekday(9, 1, 1),
    thanksgiving,
    black_friday: after(thanksgiving, 1),
    christmas: fixed(12, 25),
  },
  GB: {
    new_year: fixed(1, 1),
    good_friday: easter(-2),
    easter: easter(0),
    early_may_bank_holiday: nthWeekday(5, 1, 1),
    spring_bank_holiday: nthWeekday(5, 1, -1),
    summer_bank_holiday: nthWeekday(8, 1, -1),
    christmas: fixed(12, 25),
    boxing_day: fixed(12, 26),
  },
  DE: {
    new_year: fixed(1, 1),
    good_friday: easter(-2),
    easter: easter(0),
    labour_day: fixed(5, 1),
    ascension: easter(39),
    whit_monday: easter(50),
    unity_day: fixed(10, 3),
    christmas: fixed(12, 25),
  },
  FR: {
    new_year: fixed(1, 1),
    easter: easter(0),
    labour_day: fixed(5, 1),
    victory_day: fixed(5, 8),
    ascension: easter(39),
    whit_monday: easter(50),
    bastille_day: fixed(7, 14),
    assumption: fixed(8, 15),
    all_saints: fixed(11, 1),
    christmas: fixed(12, 25),
  },
};

/** The Monday of the week that holds `date`. */
const mondayOf = (date: Date) => new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);

/** The week (its Monday) that holds Easter Sunday of `year`. */
export const easterWeek = (year: number): string => mondayOf(easter(0)(year));

/** The holiday drivers of a locale, by name. */
export const holidayNames = (locale: HolidayLocale): string[] => Object.keys(CALENDARS[locale]);

/**
 * Every holiday of `locale` in the weeks `from` to `to` (Mondays, inclusive), as `{ week, holiday }`,
 * in week order. Two holidays in one week (Good Friday and Easter) are two entries.
 */
export function holidayWeeks(locale: HolidayLocale, from: string, to: string): Array<{ week: string; holiday: string }> {
  const found: Array<{ week: string; holiday: string }> = [];
  const first = Number(from.slice(0, 4));
  const last = Number(addWeeks(to, 1).slice(0, 4));
  for (let year = first; year <= last; year++) {
    for (const [holiday, rule] of Object.entries(CALENDARS[locale])) {
      const week = mondayOf(rule(year));
      if (week >= from && week <= to) found.push({ week, holiday });
    }
  }
  return found.sort((a, b) => a.week.localeCompare(b.week) || a.holiday.localeCompare(b.holiday));
}
