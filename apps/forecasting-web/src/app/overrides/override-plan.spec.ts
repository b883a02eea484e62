import type { OverrideView } from '@tideline/contracts';
import { overrideBodies, overrideOutcome, weekRanges } from './override-plan';

describe('override plan', () => {
  it('groups consecutive weeks into one range each', () => {
    expect(weekRanges(['2026-12-14', '2026-11-30', '2026-12-07', '2027-01-04', '2026-12-07'])).toEqual([
      { from: '2026-11-30', to: '2026-12-14' },
      { from: '2027-01-04', to: '2027-01-04' },
    ]);
  });

  it('makes one request per range, for the whole selection, leaving out an empty comment', () => {
    const bodies = overrideBodies({ category: 'Dairy', region: 'North' }, ['2026-11-30', '2026-12-14'], {
      kind: 'percent',
      amount: 10,
      reason: 'promotion',
      comment: '  ',
    });
    expect(bodies).toEqual([
      { category: 'Dairy', region: 'North', from: '2026-11-30', to: '2026-11-30', kind: 'percent', amount: 10, reason: 'promotion' },
      { category: 'Dairy', region: 'North', from: '2026-12-14', to: '2026-12-14', kind: 'percent', amount: 10, reason: 'promotion' },
    ]);
  });

  it('says how far an aggregate change spread', () => {
    const view = (cells: number, before: number, after: number) => ({ cells, before, after }) as OverrideView;
    expect(overrideOutcome([view(8, 100, 110), view(8, 50, 55)])).toBe(
      'Saved: the final forecast of the chosen weeks went from 150.0 to 165.0 units, spread over 16 series-weeks.',
    );
  });
});

describe('an override of the promotion lift only', () => {
  it('says so in the request, and leaves it out for the whole forecast', () => {
    const form = { kind: 'percent' as const, amount: -30, reason: 'promotion' as const, comment: '' };
    expect(overrideBodies({ sku: 'P1' }, ['2026-11-30'], { ...form, appliesTo: 'lift' })).toEqual([
      { sku: 'P1', from: '2026-11-30', to: '2026-11-30', kind: 'percent', amount: -30, reason: 'promotion', appliesTo: 'lift' },
    ]);
    expect(overrideBodies({ sku: 'P1' }, ['2026-11-30'], { ...form, appliesTo: 'total' })[0]).not.toHaveProperty('appliesTo');
  });
});
