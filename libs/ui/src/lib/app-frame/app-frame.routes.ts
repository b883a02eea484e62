import { inject } from '@angular/core';
import { Route, Routes } from '@angular/router';
import { authGuard, AuthService, roleGuard } from '@tideline/web-core';
import { AppInfo, AppPage } from './app-info';

/**
 * `/login`, `/forbidden`, and the app's pages inside the signed-in shell at `''`, open only to
 * `info.allowedRoles`; `/` leads to the first page the user may open and unknown URLs to `/`.
 * Route titles are page names: `provideAppFrame()` adds the app title.
 */
export function appFrameRoutes(info: AppInfo): Routes {
  return [
    {
      path: 'login',
      title: 'Sign in',
      loadComponent: () => import('./login-page').then((m) => m.LoginPage),
    },
    {
      path: 'forbidden',
      title: 'No access',
      loadComponent: () => import('./forbidden-page').then((m) => m.ForbiddenPage),
    },
    {
      path: '',
      canActivate: [authGuard, roleGuard(...info.allowedRoles)],
      canActivateChild: [authGuard],
      loadComponent: () => import('./shell-page').then((m) => m.ShellPage),
      children: [{ path: '', pathMatch: 'full', redirectTo: () => firstPageFor(info) }, ...info.pages.map(pageRoute)],
    },
    { path: '**', redirectTo: '' },
  ];
}

/**
 * A page's route, guarded by its own roles when it has them. A page without a component only says
 * what it will hold: `tl-empty-state` with its inputs bound from route data.
 */
function pageRoute({ path, icon, heading, description, loadComponent, roles }: AppPage): Route {
  const access: Partial<Route> = roles ? { canActivate: [roleGuard(...roles)] } : {};
  if (loadComponent) {
    return { path, title: heading, loadComponent, ...access };
  }
  return {
    path,
    title: heading,
    loadComponent: () => import('../empty-state').then((m) => m.EmptyState),
    data: { icon, heading, message: `${description} Coming in a later release.` },
    ...access,
  };
}

/** The path of the first page the signed-in user may open (a page without roles is open to all). */
function firstPageFor(info: AppInfo): string {
  const auth = inject(AuthService);
  return (info.pages.find((page) => !page.roles || auth.hasAnyRole(page.roles)) ?? info.pages[0]).path;
}
