import type { PlanView } from '@tideline/contracts';
import { allowedActions } from './plan-actions';

const plan = (status: PlanView['status'], approver: string | null = 'manager2@tideline.local', editors: string[] = []) =>
  ({ owner: 'manager@tideline.local', approver, editors, status }) as PlanView;

describe('allowed plan actions', () => {
  it('lets the owner submit a draft but never approve it, even as an admin', () => {
    expect(allowedActions(plan('draft'), 'manager@tideline.local', ['category_manager'])).toEqual(['submit']);
    expect(allowedActions(plan('submitted'), 'manager@tideline.local', ['category_manager'])).toEqual(['reopen']);
    expect(allowedActions(plan('submitted'), 'manager@tideline.local', ['admin'])).toEqual(['reopen']);
  });

  it('lets the named approver approve or reject a submitted plan, but not reopen or submit it', () => {
    expect(allowedActions(plan('submitted'), 'manager2@tideline.local', ['category_manager'])).toEqual(['approve', 'reject']);
    expect(allowedActions(plan('draft'), 'manager2@tideline.local', ['category_manager'])).toEqual([]);
    expect(allowedActions(plan('submitted'), 'admin@tideline.local', ['admin'])).toEqual(['approve', 'reject', 'reopen']);
    expect(allowedActions(plan('submitted', null), 'manager2@tideline.local', ['category_manager'])).toEqual([]);
  });

  it('lets a named editor submit and reopen, and another manager nothing', () => {
    expect(allowedActions(plan('draft', null, ['manager3@tideline.local']), 'manager3@tideline.local', ['category_manager'])).toEqual(['submit']);
    expect(allowedActions(plan('rejected', null, ['manager3@tideline.local']), 'manager3@tideline.local', ['category_manager'])).toEqual(['reopen']);
    expect(allowedActions(plan('draft'), 'manager3@tideline.local', ['category_manager'])).toEqual([]);
  });

  it('offers nothing on an approved plan, and nothing to someone who does not plan', () => {
    expect(allowedActions(plan('approved'), 'admin@tideline.local', ['admin'])).toEqual([]);
    expect(allowedActions(plan('rejected'), 'analyst@tideline.local', ['forecast_analyst'])).toEqual([]);
    expect(allowedActions(plan('rejected'), 'manager@tideline.local', ['category_manager'])).toEqual(['reopen']);
  });
});
