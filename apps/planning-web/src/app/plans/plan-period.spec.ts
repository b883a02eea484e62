import { mondayOnOrAfter, planPeriodError } from './plan-period';

describe('plan period', () => {
  it('starts on a Monday', () => {
    expect(mondayOnOrAfter(new Date('2026-11-26T10:00:00Z'), 0)).toBe('2026-11-30');
    expect(mondayOnOrAfter(new Date('2026-11-30T10:00:00Z'), 0)).toBe('2026-11-30');
    expect(mondayOnOrAfter(new Date('2026-11-26T10:00:00Z'), 1)).toBe('2026-12-07');
  });

  it('says why a period cannot be planned', () => {
    expect(planPeriodError('2026-11-30', '2027-02-22')).toBeNull();
    expect(planPeriodError('2026-12-01', '2027-02-22')).toBe('Weeks are named by their Monday: pick Mondays.');
    expect(planPeriodError('2027-02-22', '2026-11-30')).toBe('The last week comes before the first.');
    expect(planPeriodError('2026-11-30', '2028-12-04')).toBe('A plan covers at most 104 weeks.');
  });
});
