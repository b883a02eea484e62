import { HolidayLocales, holidayNames, holidayWeeks } from './holidays';
import { addWeeks, isMonday } from './weeks';

describe('built-in holidays as weekly drivers', () => {
  it('finds Easter by the computus, in the week (Monday to Sunday) that holds it', () => {
    // Easter Sunday: 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2038-04-25 (the latest possible date).
    const easterWeeks = holidayWeeks('US', '2024-01-01', '2027-12-27').filter((h) => h.holiday === 'easter').map((h) => h.week);
    expect(easterWeeks).toEqual(['2024-03-25', '2025-04-14', '2026-03-30', '2027-03-22']);
    expect(holidayWeeks('US', '2038-04-19', '2038-04-19')).toEqual([{ week: '2038-04-19', holiday: 'easter' }]);
  });

  it('moves Thanksgiving and Black Friday with the fourth Thursday of November', () => {
    const weeks = holidayWeeks('US', '2025-11-01', '2026-12-31').filter((h) => h.holiday === 'thanksgiving' || h.holiday === 'black_friday');
    // Thanksgiving 2025-11-27 and 2026-11-26: Black Friday is the day after, in the same week.
    expect(weeks).toEqual([
      { week: '2025-11-24', holiday: 'black_friday' },
      { week: '2025-11-24', holiday: 'thanksgiving' },
      { week: '2026-11-23', holiday: 'black_friday' },
      { week: '2026-11-23', holiday: 'thanksgiving' },
    ]);
  });

  it('puts Christmas and New Year in the right weeks around a year of 53 ISO weeks', () => {
    // 2026 has 53 ISO weeks: Christmas (a Friday) is in the week of 2026-12-21, New Year 2027 (a Friday) in that of 2026-12-28.
    const around = holidayWeeks('US', '2026-12-14', '2027-01-11').map((h) => `${h.week} ${h.holiday}`);
    expect(around).toEqual(['2026-12-21 christmas', '2026-12-28 new_year']);
    // New Year on a Monday starts its own week (2024-01-01).
    expect(holidayWeeks('GB', '2023-12-25', '2024-01-01').map((h) => `${h.week} ${h.holiday}`)).toEqual([
      '2023-12-25 boxing_day',
      '2023-12-25 christmas',
      '2024-01-01 new_year',
    ]);
  });

  it('names every week by its Monday, finds each holiday once a year, and keeps to the asked weeks', () => {
    for (const locale of HolidayLocales) {
      const from = '2023-01-02';
      const to = addWeeks(from, 52 * 3 - 1);
      const found = holidayWeeks(locale, from, to);
      expect(found.every((h) => isMonday(h.week) && h.week >= from && h.week <= to)).toBe(true);
      for (const name of holidayNames(locale)) expect(found.filter((h) => h.holiday === name).length).toBeGreaterThanOrEqual(2);
    }
    expect(holidayWeeks('DE', '2026-05-11', '2026-05-11').map((h) => h.holiday)).toEqual(['ascension']); // Easter 2026-04-05 + 39 = 2026-05-14
  });
});
