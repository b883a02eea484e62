import type { PlanView } from '@tideline/contracts';
import { allowedActions } from './plan-actions';

const plan = (status: PlanView['status'], approver: string | null = 'manager2@tideline.local') =>
  ({ owner: 'manager@tideline.local', approver, status }) as PlanView;

describe('allowed plan actions', () => {
  it('lets the owner submit a draft but never approve it, even as an admin', () => {
    expect(allowedActions(plan('draft'), 'manager@tideline.local', ['category_manager'])).toEqual(['submit']);
    expect(allowedActions(plan('submitted'), 'manager@tideline.local', ['category_manager'])).toEqual(['reopen']);
    expect(allowedActions(plan('submitted'), 'manager@tideline.local', ['admin'])).toEqual(['reopen']);
  });

  it('lets the named approver or an admin approve or reject a submitted plan', () => {
    expect(allowedActions(plan('submitted'), 'manager2@tideline.local', ['category_manager'])).toEqual(['approve', 'reject', 'reopen']);
    expect(allowedActions(plan('submitted'), 'admin@tideline.local', ['admin'])).toEqual(['approve', 'reject', 'reopen']);
    expect(allowedActions(plan('submitted', null), 'manager2@tideline.local', ['category_manager'])).toEqual(['reopen']);
  });

  it('offers nothing on an approved plan, and nothing to someone who does not plan', () => {
    expect(allowedActions(plan('approved'), 'admin@tideline.local', ['admin'])).toEqual([]);
    expect(allowedActions(plan('rejected'), 'analyst@tideline.local', ['forecast_analyst'])).toEqual([]);
    expect(allowedActions(plan('rejected'), 'manager@tideline.local', ['category_manager'])).toEqual(['reopen']);
  });
});
