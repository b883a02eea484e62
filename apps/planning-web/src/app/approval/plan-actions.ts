import type { PlanAction, PlanView, Role } from '@tideline/contracts';

/**
 * The steps a person may take on a plan, as the planning service rules them: a planner submits
 * a draft, or reopens a submitted (withdrawn) or rejected plan; the named approver or an admin,
 * never the owner, approves or rejects a submitted plan. Approved plans change by a new version.
 */
export function allowedActions(plan: PlanView, email: string, roles: readonly Role[]): PlanAction[] {
  const admin = roles.includes('admin');
  const planner = admin || roles.includes('category_manager');
  const approver = plan.owner !== email && (admin || (plan.approver !== null && plan.approver === email));
  if (!planner) return [];
  switch (plan.status) {
    case 'draft':
      return ['submit'];
    case 'submitted':
      return approver ? ['approve', 'reject', 'reopen'] : ['reopen'];
    case 'rejected':
      return ['reopen'];
    default:
      return [];
  }
}
