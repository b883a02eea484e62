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
        'explorer',
        'insights',
        'Forecast explorer',
        `Forecasts for every product and store with their 80% and 95% intervals, next to actual sales, by product, store, category or region. ${LATER}`,
      ),
      placeholder(
        'overrides',
        'edit_note',
        'Forecast overrides',
        `Adjust a statistical forecast with your own judgement, with a record of who changed what and why. ${LATER}`,
      ),
      placeholder(
        'accuracy',
        'fact_check',
        'Forecast accuracy',
        `How past forecasts compare with what actually sold, by model, category and horizon. ${LATER}`,
      ),
      placeholder(
        'runs',
        'model_training',
        'Forecast runs',
        `Start forecast runs and follow their progress and the models they choose. ${LATER}`,
      ),
      placeholder(
        'uploads',
        'upload_file',
        'Data uploads',
        `Upload weekly sales, product and store CSV files and download the rows that were rejected. ${LATER}`,
      ),
    ],
  },
  { path: '**', redirectTo: '' },
];
