import type { PlanAction, PlanView, Role } from '@tideline/contracts';

/**
 * The steps a person may take on a plan, as the planning service rules them: those who write the
 * plan (its owner, the editors the owner named, admins) submit a draft, or reopen a submitted
 * (withdrawn) or rejected plan; the named approver or an admin, never the owner, approves or
 * rejects a submitted plan, and does not reopen it. Approved plans change by a new version.
 */
export function allowedActions(plan: PlanView, email: string, roles: readonly Role[]): PlanAction[] {
  const admin = roles.includes('admin');
  if (!admin && !roles.includes('category_manager')) return [];
  const writer = admin || plan.owner === email || (plan.editors ?? []).includes(email);
  const approver = plan.owner !== email && (admin || (plan.approver !== null && plan.approver === email));
  switch (plan.status) {
    case 'draft':
      return writer ? ['submit'] : [];
    case 'submitted':
      return [...(approver ? (['approve', 'reject'] as const) : []), ...(writer ? (['reopen'] as const) : [])];
    case 'rejected':
      return writer ? ['reopen'] : [];
    default:
      return [];
  }
}
