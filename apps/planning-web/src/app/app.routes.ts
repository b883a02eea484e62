import { Route } from '@angular/router';
import { authGuard, roleGuard } from '@tideline/web-core';
import { ALLOWED_ROLES, APP_TITLE, NAV } from './app-info';

const LATER = 'Coming in a later release.';

/** A page that only says what it will hold: `tl-empty-state` with its inputs bound from route data. */
function placeholder(path: string, icon: string, heading: string, message: string): Route {
  return {
    path,
    title: `${heading} · ${APP_TITLE}`,
    loadComponent: () => import('@tideline/ui').then((m) => m.EmptyState),
    data: { icon, heading, message },
  };
}

export const appRoutes: Route[] = [
  {
    path: 'login',
    title: `Sign in · ${APP_TITLE}`,
    loadComponent: () => import('./login/login-page').then((m) => m.LoginPage),
  },
  {
    path: 'forbidden',
    title: `No access · ${APP_TITLE}`,
    loadComponent: () => import('./forbidden/forbidden-page').then((m) => m.ForbiddenPage),
  },
  {
    path: '',
    canActivate: [authGuard, roleGuard(...ALLOWED_ROLES)],
    canActivateChild: [authGuard],
    loadComponent: () => import('./shell/shell-page').then((m) => m.ShellPage),
    children: [
      { path: '', pathMatch: 'full', redirectTo: NAV[0].path.slice(1) },
      placeholder(
        'plans',
        'event_note',
        'Plans',
        `Create plans and their versions for a category and season, starting from the latest forecasts. ${LATER}`,
      ),
      placeholder(
        'budget',
        'account_balance_wallet',
        'Budget',
        `Set sales and margin budgets by category and period, and compare them with the forecast. ${LATER}`,
      ),
      placeholder(
        'assortment',
        'category',
        'Assortment',
        `Decide which products each store cluster carries, with the forecast demand for each choice. ${LATER}`,
      ),
      placeholder(
        'strategy',
        'flag',
        'Strategy',
        `Record the pricing and promotion strategy for each category. ${LATER}`,
      ),
      placeholder(
        'approval',
        'task_alt',
        'Approval',
        `Submit a plan for approval and review the plans your colleagues have submitted. ${LATER}`,
      ),
    ],
  },
  { path: '**', redirectTo: '' },
];
