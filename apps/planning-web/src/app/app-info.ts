import type { AppInfo } from '@tideline/ui';

/** What this app is; the login page, shell, role guard and "no access" page come from `libs/ui` (app-frame). */
export const APP_INFO: AppInfo = {
  title: 'Tideline Planning',
  /** Who may use this app (DESIGN.md, Roles): category managers, and admins who can do everything. */
  allowedRoles: ['admin', 'category_manager'],
  /** Every page works on the plan named by `?plan=`; moving between pages keeps it. */
  carryQueryParams: true,
  pages: [
    {
      path: 'plans',
      label: 'Plans',
      icon: 'event_note',
      heading: 'Plans',
      description: 'Create plans and their versions for a category and season, starting from the latest forecasts.',
      loadComponent: () => import('./plans/plans-page').then((m) => m.PlansPage),
    },
    {
      path: 'budget',
      label: 'Budget',
      icon: 'account_balance_wallet',
      heading: 'Budget',
      description: 'Set sales and margin budgets by category and period, and compare them with the forecast.',
      loadComponent: () => import('./budget/budget-page').then((m) => m.BudgetPage),
    },
    {
      path: 'assortment',
      label: 'Assortment',
      icon: 'category',
      heading: 'Assortment',
      description: 'Decide which products each store cluster carries, with the forecast demand for each choice.',
      loadComponent: () => import('./assortment/assortment-page').then((m) => m.AssortmentPage),
    },
    {
      path: 'strategy',
      label: 'Strategy',
      icon: 'flag',
      heading: 'Strategy',
      description: 'Each category’s role, strategy and targets, shown met or missed against the budget.',
      loadComponent: () => import('./strategy/strategy-page').then((m) => m.StrategyPage),
    },
    {
      path: 'approval',
      label: 'Approval',
      icon: 'task_alt',
      heading: 'Approval',
      description: 'Submit a plan for approval and review the plans your colleagues have submitted.',
      loadComponent: () => import('./approval/approval-page').then((m) => m.ApprovalPage),
    },
  ],
};
