import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role } from '@tideline/contracts';
import { authInterceptor, SESSION_STORAGE_KEY } from '@tideline/web-core';
import { appRoutes } from './app.routes';

const user = (roles: Role[]) => ({ id: 'u-1', email: 'manager@tideline.local', name: 'Maya Manager', roles });

function signInAs(...roles: Role[]): void {
  localStorage.setItem(
    SESSION_STORAGE_KEY,
    JSON.stringify({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() + 900_000, user: user(roles) }),
  );
}

describe('planning-web', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  const page = () => harness.fixture.nativeElement as HTMLElement;
  const text = (selector: string) => page().querySelector(selector)?.textContent?.trim();
  const button = (label: string) =>
    Array.from(page().querySelectorAll('button')).find((b) => b.textContent?.trim() === label) as HTMLButtonElement;

  async function open(url: string): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    await harness.fixture.whenStable();
  }

  async function fillLogin(email: string, password: string): Promise<void> {
    for (const [name, value] of [['email', email], ['password', password]]) {
      const input = page().querySelector(`input[name="${name}"]`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    button('Sign in').click();
    await harness.fixture.whenStable();
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(appRoutes, withComponentInputBinding()),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('sends a signed-out visitor to the login page, then back where they were going', async () => {
    await open('/budget');
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fbudget');
    expect(text('h1')).toBe('Tideline Planning');

    await fillLogin('manager@tideline.local', 'tideline-demo');
    const login = http.expectOne('/api/auth/login');
    expect(login.request.body).toEqual({ email: 'manager@tideline.local', password: 'tideline-demo' });
    login.flush({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, user: user(['category_manager']) });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/budget');
    expect(text('[data-testid="user-name"]')).toBe('Maya Manager');
    expect(text('[data-testid="user-role"]')).toBe('Category manager');
    expect(text('tl-empty-state h1')).toBe('Budget');
  });

  it('shows the gateway message when sign-in fails', async () => {
    await open('/login');
    await fillLogin('manager@tideline.local', 'wrong');
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, code: 'AUTH.INVALID_CREDENTIALS', message: 'Email or password is incorrect.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await harness.fixture.whenStable();

    expect(text('[role="alert"]')).toBe('Email or password is incorrect.');
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it.each<[Role, string]>([
    ['admin', 'Admin'],
    ['category_manager', 'Category manager'],
  ])('opens the app for %s', async (role, label) => {
    signInAs(role);
    await open('/');

    expect(TestBed.inject(Router).url).toBe('/plans');
    expect(text('[data-testid="user-role"]')).toBe(label);
    expect(text('tl-empty-state h1')).toBe('Plans');
  });

  it.each<{ roles: Role[] }>([
    { roles: ['forecast_analyst'] },
    { roles: ['data_engineer'] },
    { roles: ['forecast_analyst', 'data_engineer'] },
  ])('sends $roles to /forbidden, explaining who the app is for', async ({ roles }) => {
    signInAs(...roles);
    await open('/approval');

    expect(TestBed.inject(Router).url).toBe('/forbidden');
    expect(text('tl-empty-state h1')).toBe('You do not have access to Tideline Planning');
    expect(text('tl-empty-state p')).toContain('Tideline Planning is for these roles: Admin, Category manager.');
  });

  it('signs out through the gateway and returns to the login page', async () => {
    signInAs('category_manager');
    await open('/strategy');

    button('Sign out').click();
    const logout = http.expectOne('/api/auth/logout');
    expect(logout.request.headers.get('Authorization')).toBe('Bearer access-1');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/login');
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });
});
