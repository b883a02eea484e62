import { inject } from '@angular/core';
import { CanActivateFn, Router, UrlTree } from '@angular/router';
import type { Role } from '@tideline/contracts';
import { AuthService } from './auth.service';

function loginTree(router: Router, returnUrl: string): UrlTree {
  return router.createUrlTree(['/login'], { queryParams: { returnUrl } });
}

/** Lets signed-in users through; sends everyone else to `/login?returnUrl=<where they were going>`. */
export const authGuard: CanActivateFn = (_route, state) => {
  return inject(AuthService).isAuthenticated() || loginTree(inject(Router), state.url);
};

/**
 * Lets through users holding at least one of `allowed`; a signed-in user without any of them goes
 * to `/forbidden`, a signed-out one to `/login`.
 */
export function roleGuard(...allowed: Role[]): CanActivateFn {
  return (_route, state) => {
    const auth = inject(AuthService);
    const router = inject(Router);
    if (!auth.isAuthenticated()) {
      return loginTree(router, state.url);
    }
    return auth.hasAnyRole(allowed) || router.createUrlTree(['/forbidden']);
  };
}
