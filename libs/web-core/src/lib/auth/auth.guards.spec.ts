import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, provideRouter, Router, RouterStateSnapshot, UrlTree } from '@angular/router';
import { storeSession } from '../../../testing';
import { authGuard, roleGuard } from './auth.guards';

function check(guard: typeof authGuard, url = '/plans'): string | boolean {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
  const result = TestBed.runInInjectionContext(() =>
    guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
  );
  return result instanceof UrlTree ? TestBed.inject(Router).serializeUrl(result) : (result as boolean);
}

describe('route guards', () => {
  beforeEach(() => localStorage.clear());

  describe('authGuard', () => {
    it('lets a signed-in user through', () => {
      storeSession(['data_engineer']);
      expect(check(authGuard)).toBe(true);
    });

    it('sends a signed-out user to the login page with the return URL', () => {
      expect(check(authGuard, '/plans/42?tab=budget')).toBe('/login?returnUrl=%2Fplans%2F42%3Ftab%3Dbudget');
    });
  });

  describe('roleGuard', () => {
    const planners = roleGuard('admin', 'category_manager');

    it('allows a user holding one of the roles', () => {
      storeSession(['category_manager']);
      expect(check(planners)).toBe(true);
    });

    it('allows a user holding several roles when one of them matches', () => {
      storeSession(['forecast_analyst', 'admin']);
      expect(check(planners)).toBe(true);
    });

    it('sends a user without the role to /forbidden', () => {
      storeSession(['forecast_analyst', 'data_engineer']);
      expect(check(planners)).toBe('/forbidden');
    });

    it('sends a signed-out user to the login page', () => {
      expect(check(planners)).toBe('/login?returnUrl=%2Fplans');
    });
  });
});
