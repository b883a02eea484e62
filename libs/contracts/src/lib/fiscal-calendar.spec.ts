import { FiscalCalendar, NRF_CALENDAR, fiscalCalendarProblem, fiscalWeek, fiscalYear, lastYearWeek } from './fiscal-calendar';

// Worked by hand. With the year ending on the Sunday nearest 31 January:
//   31 Jan 2024 is a Wednesday → Sunday 28 Jan 2024 (3 days back, not 4 on);
//   31 Jan 2025 is a Friday → Sunday 2 Feb 2025 (2 days on);
//   31 Jan 2026 is a Saturday → Sunday 1 Feb 2026.
// So fiscal 2024 (NRF naming: the calendar year it starts in) runs 29 Jan 2024 – 2 Feb 2025, 371 days
// = 53 weeks, and fiscal 2025 runs 3 Feb 2025 – 1 Feb 2026, 52 weeks.
describe('the retail calendar', () => {
  it('finds 52- and 53-week years by the Sunday nearest the year end', () => {
    expect(fiscalYear(NRF_CALENDAR, 2023)).toEqual({ start: '2023-01-30', weeks: 52 });
    expect(fiscalYear(NRF_CALENDAR, 2024)).toEqual({ start: '2024-01-29', weeks: 53 });
    expect(fiscalYear(NRF_CALENDAR, 2025)).toEqual({ start: '2025-02-03', weeks: 52 });
  });

  it('maps weeks to fiscal week, 4-5-4 month and quarter; the 53rd week joins the last month', () => {
    expect(fiscalWeek(NRF_CALENDAR, '2024-01-29')).toEqual({ week: '2024-01-29', year: 2024, weekOfYear: 1, weeksInYear: 53, month: 1, weekOfMonth: 1, weeksInMonth: 4, quarter: 1 });
    expect(fiscalWeek(NRF_CALENDAR, '2025-01-27')).toEqual({ week: '2025-01-27', year: 2024, weekOfYear: 53, weeksInYear: 53, month: 12, weekOfMonth: 5, weeksInMonth: 5, quarter: 4 });
    expect(fiscalWeek(NRF_CALENDAR, '2024-01-22')).toMatchObject({ year: 2023, weekOfYear: 52, month: 12, weekOfMonth: 4, weeksInMonth: 4 });
    expect(fiscalWeek(NRF_CALENDAR, '2025-02-03')).toMatchObject({ year: 2025, weekOfYear: 1, month: 1 });
    // Month 2 of a 4-5-4 year is weeks 5–9; quarter 2 starts at week 14.
    expect(fiscalWeek(NRF_CALENDAR, '2025-03-03')).toMatchObject({ weekOfYear: 5, month: 2, weekOfMonth: 1, weeksInMonth: 5, quarter: 1 });
    expect(fiscalWeek(NRF_CALENDAR, '2025-05-05')).toMatchObject({ weekOfYear: 14, month: 4, weekOfMonth: 1, quarter: 2 });
  });

  it('takes the other patterns and names years by their end when asked', () => {
    // 4-4-5: weeks 9–13 are month 3.
    expect(fiscalWeek({ ...NRF_CALENDAR, pattern: '4-4-5' }, '2025-03-31')).toMatchObject({ weekOfYear: 9, month: 3, weekOfMonth: 1, weeksInMonth: 5 });
    expect(fiscalWeek({ ...NRF_CALENDAR, pattern: '5-4-4' }, '2025-03-03')).toMatchObject({ weekOfYear: 5, month: 1, weekOfMonth: 5, weeksInMonth: 5 });
    expect(fiscalWeek({ ...NRF_CALENDAR, namedBy: 'end' }, '2024-01-29')).toMatchObject({ year: 2025, weekOfYear: 1 });
  });

  it('handles a year ending near 31 December, which can start in the December before', () => {
    // 31 Dec 2024 is a Tuesday → Sunday 29 Dec 2024; 31 Dec 2025 a Wednesday → Sunday 28 Dec 2025;
    // 31 Dec 2026 a Thursday → Sunday 3 Jan 2027: fiscal 2026 is 29 Dec 2025 – 3 Jan 2027, 53 weeks.
    const december: FiscalCalendar = { pattern: '4-5-4', yearEnd: '12-31', namedBy: 'end' };
    expect(fiscalWeek(december, '2024-12-30')).toMatchObject({ year: 2025, weekOfYear: 1, weeksInYear: 52 });
    expect(fiscalWeek(december, '2026-12-28')).toMatchObject({ year: 2026, weekOfYear: 53, weeksInYear: 53, month: 12 });
    expect(fiscalYear(december, 2026)).toEqual({ start: '2025-12-29', weeks: 53 });
  });

  it('compares with the same fiscal week last year; a 53rd week has none', () => {
    expect(lastYearWeek(NRF_CALENDAR, '2025-03-03')).toBe('2024-02-26');
    expect(lastYearWeek(NRF_CALENDAR, '2024-01-29')).toBe('2023-01-30');
    expect(lastYearWeek(NRF_CALENDAR, '2025-01-27')).toBeNull();
  });

  it('lines Easter up with last year\'s Easter when asked, in a window around it', () => {
    // Easter 2025 is 20 April (week of 14 April, fiscal week 11); Easter 2024 was 31 March (week of 25 March).
    expect(lastYearWeek(NRF_CALENDAR, '2025-04-14', 'fiscal_week')).toBe('2024-04-08');
    expect(lastYearWeek(NRF_CALENDAR, '2025-04-14', 'holiday')).toBe('2024-03-25');
    expect(lastYearWeek(NRF_CALENDAR, '2025-03-31', 'holiday')).toBe('2024-03-11');
    expect(lastYearWeek(NRF_CALENDAR, '2025-04-21', 'holiday')).toBe('2024-04-01');
    // Outside the window: the same fiscal week (13).
    expect(lastYearWeek(NRF_CALENDAR, '2025-04-28', 'holiday')).toBe('2024-04-22');
  });

  it('lines a holiday of the events calendar up with its week last year, Easter still built in', () => {
    // Diwali: week of 28 October 2024, week of 20 October 2025 (fiscal week 38; the same fiscal week of 2024 is 14 October).
    const diwali = { name: 'diwali', weeks: ['2024-10-28', '2025-10-20'] };
    expect(lastYearWeek(NRF_CALENDAR, '2025-10-20', 'fiscal_week', [diwali])).toBe('2024-10-14');
    expect(lastYearWeek(NRF_CALENDAR, '2025-10-20', 'holiday', [diwali])).toBe('2024-10-28');
    expect(lastYearWeek(NRF_CALENDAR, '2025-10-06', 'holiday', [diwali])).toBe('2024-10-14');
    expect(lastYearWeek(NRF_CALENDAR, '2025-10-27', 'holiday', [diwali])).toBe('2024-11-04');
    // Outside its window, or a holiday without last year's week: the same fiscal week.
    expect(lastYearWeek(NRF_CALENDAR, '2025-11-03', 'holiday', [diwali])).toBe('2024-10-28');
    expect(lastYearWeek(NRF_CALENDAR, '2025-10-20', 'holiday', [{ name: 'opening', weeks: ['2025-10-20'] }])).toBe('2024-10-14');
    expect(lastYearWeek(NRF_CALENDAR, '2025-04-14', 'holiday', [diwali])).toBe('2024-03-25');
    // An events calendar that names Easter itself is taken instead of the built-in one.
    expect(lastYearWeek(NRF_CALENDAR, '2025-04-14', 'holiday', [{ name: 'Easter', weeks: ['2024-04-01', '2025-04-14'] }])).toBe('2024-04-01');
  });

  it('says what is wrong with a calendar', () => {
    expect(fiscalCalendarProblem(NRF_CALENDAR)).toBeNull();
    expect(fiscalCalendarProblem({ ...NRF_CALENDAR, pattern: '4-4-4' as never })).toMatch(/pattern/);
    expect(fiscalCalendarProblem({ ...NRF_CALENDAR, yearEnd: '02-30' })).toMatch(/yearEnd/);
    expect(fiscalCalendarProblem({ ...NRF_CALENDAR, yearEnd: '2-3' })).toMatch(/yearEnd/);
  });
});
