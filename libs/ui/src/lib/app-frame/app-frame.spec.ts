import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { type Role, SESSION_STORAGE_KEY } from '@tideline/web-core';
import { AppInfo, AppPage } from './app-info';
import { provideAppFrame } from './provide-app-frame';

const page = (path: string, label: string, heading: string): AppPage => ({
  path,
  label,
  icon: 'info',
  heading,
  description: `${heading}.`,
});
const forecasting: AppInfo = {
  title: 'Tideline Forecasting',
  allowedRoles: ['admin', 'forecast_analyst', 'data_engineer', 'category_manager'],
  pages: [
    page('explorer', 'Explorer', 'Forecast explorer'),
    page('accuracy', 'Accuracy', 'Forecast accuracy'),
    page('runs', 'Runs', 'Forecast runs'),
    page('uploads', 'Uploads', 'Data uploads'),
  ],
};
const planning: AppInfo = { ...forecasting, title: 'Tideline Planning', allowedRoles: ['admin', 'category_manager'] };

const user = (roles: Role[]) => ({ id: 'u-1', email: 'ana@tideline.local', name: 'Ana Analyst', roles });

function signInAs(...roles: Role[]): void {
  localStorage.setItem(
    SESSION_STORAGE_KEY,
    JSON.stringify({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() + 900_000, user: user(roles) }),
  );
}

describe('app frame', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  const root = () => harness.fixture.nativeElement as HTMLElement;
  const text = (selector: string) => root().querySelector(selector)?.textContent?.trim();
  const button = (label: string) =>
    Array.from(root().querySelectorAll('button')).find((b) => b.textContent?.trim() === label) as HTMLButtonElement;
  const url = () => TestBed.inject(Router).url;

  function setUp(info: AppInfo): void {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideAppFrame(info), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  }

  async function open(path: string): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(path);
    await harness.fixture.whenStable();
  }

  async function fillLogin(email: string, password: string): Promise<void> {
    for (const [name, value] of [['email', email], ['password', password]]) {
      const input = root().querySelector(`input[name="${name}"]`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    button('Sign in').click();
    await harness.fixture.whenStable();
  }

  afterEach(() => http.verify());

  describe('for an app open to every role but auditors', () => {
    beforeEach(() => setUp(forecasting));

    it('sends a signed-out visitor to the login page, then back where they were going', async () => {
      await open('/accuracy');
      expect(url()).toBe('/login?returnUrl=%2Faccuracy');
      expect(text('h1')).toBe('Tideline Forecasting');
      expect(TestBed.inject(Title).getTitle()).toBe('Sign in · Tideline Forecasting');

      await fillLogin('ana@tideline.local', 'tideline-demo');
      const login = http.expectOne('/api/auth/login');
      expect(login.request.body).toEqual({ email: 'ana@tideline.local', password: 'tideline-demo' });
      login.flush({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, user: user(['forecast_analyst']) });
      await harness.fixture.whenStable();

      expect(url()).toBe('/accuracy');
      expect(text('[data-testid="user-name"]')).toBe('Ana Analyst');
      expect(text('[data-testid="user-role"]')).toBe('Forecast analyst');
      expect(text('tl-empty-state h1')).toBe('Forecast accuracy');
      expect(text('tl-empty-state p')).toBe('Forecast accuracy. Coming in a later release.');
      expect(TestBed.inject(Title).getTitle()).toBe('Forecast accuracy · Tideline Forecasting');
    });

    it('shows the gateway message when sign-in fails', async () => {
      await open('/login');
      await fillLogin('ana@tideline.local', 'wrong');
      http
        .expectOne('/api/auth/login')
        .flush(
          { statusCode: 401, code: 'AUTH.INVALID_CREDENTIALS', message: 'Email or password is incorrect.' },
          { status: 401, statusText: 'Unauthorized' },
        );
      await harness.fixture.whenStable();

      expect(text('[role="alert"]')).toBe('Email or password is incorrect.');
      expect(url()).toBe('/login');
    });

    it.each<[Role, string]>([
      ['admin', 'Admin'],
      ['forecast_analyst', 'Forecast analyst'],
      ['data_engineer', 'Data engineer'],
      ['category_manager', 'Category manager'],
    ])('opens the app on its first page for %s', async (role, label) => {
      signInAs(role);
      await open('/');

      expect(url()).toBe('/explorer');
      expect(text('[data-testid="user-role"]')).toBe(label);
      expect(text('tl-empty-state h1')).toBe('Forecast explorer');
      const links = Array.from(root().querySelectorAll('nav a'));
      expect(links.map((a) => [a.querySelector('[matListItemTitle]')?.textContent, a.getAttribute('href')])).toEqual([
        ['Explorer', '/explorer'],
        ['Accuracy', '/accuracy'],
        ['Runs', '/runs'],
        ['Uploads', '/uploads'],
      ]);
    });

    it('sends a user without any allowed role to /forbidden', async () => {
      signInAs('auditor' as Role);
      await open('/runs');

      expect(url()).toBe('/forbidden');
      expect(text('tl-empty-state h1')).toBe('You do not have access to Tideline Forecasting');
      expect(TestBed.inject(Title).getTitle()).toBe('No access · Tideline Forecasting');
    });

    it('signs out through the gateway and returns to the login page', async () => {
      signInAs('data_engineer');
      await open('/uploads');

      button('Sign out').click();
      const logout = http.expectOne('/api/auth/logout');
      expect(logout.request.headers.get('Authorization')).toBe('Bearer access-1');
      logout.flush(null, { status: 204, statusText: 'No Content' });
      await harness.fixture.whenStable();

      expect(url()).toBe('/login');
      expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    });
  });

  describe('for an app with pages of their own roles', () => {
    const withRoles: AppInfo = {
      ...forecasting,
      pages: [{ ...forecasting.pages[0], roles: ['forecast_analyst'] }, ...forecasting.pages.slice(1, 3), { ...forecasting.pages[3], roles: ['data_engineer'] }],
    };
    beforeEach(() => setUp(withRoles));

    it('opens on the first page the user may open, and lists only those', async () => {
      signInAs('data_engineer');
      await open('/');

      expect(url()).toBe('/accuracy');
      const links = Array.from(root().querySelectorAll('nav a')).map((a) => a.getAttribute('href'));
      expect(links).toEqual(['/accuracy', '/runs', '/uploads']);
    });

    it("sends a user who follows a link to another role's page to /forbidden", async () => {
      signInAs('forecast_analyst');
      await open('/uploads');

      expect(url()).toBe('/forbidden');
    });
  });

  describe('for an app open to admins and category managers', () => {
    beforeEach(() => setUp(planning));

    it.each<{ roles: Role[] }>([
      { roles: ['forecast_analyst'] },
      { roles: ['data_engineer'] },
      { roles: ['forecast_analyst', 'data_engineer'] },
    ])('sends $roles to /forbidden, explaining who the app is for', async ({ roles }) => {
      signInAs(...roles);
      await open('/runs');

      expect(url()).toBe('/forbidden');
      expect(text('tl-empty-state h1')).toBe('You do not have access to Tideline Planning');
      expect(text('tl-empty-state p')).toContain('Tideline Planning is for these roles: Admin, Category manager.');
    });

    it('opens the app for a category manager', async () => {
      signInAs('category_manager');
      await open('/runs');

      expect(url()).toBe('/runs');
      expect(text('[data-testid="user-role"]')).toBe('Category manager');
    });
  });
});
