import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '@tideline/system-launcher';
import { launchChromium } from './support/browser';
import { TestSystem } from './support/test-system';

const SCREENSHOTS = path.join(ROOT, 'test-output/screenshots');

describe('web apps in headless Chromium against the running system', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    system = await TestSystem.start({ web: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage();
  });
  afterEach(() => page.close());

  async function signIn(app: 'forecasting-web' | 'planning-web', email: string, password = system.env['DEMO_PASSWORD']) {
    await page.goto(system.webUrl(app));
    await page.waitForURL(/\/login/);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it.each([
    ['forecasting-web', 'analyst@tideline.local', 'Avery Analyst', 'Forecast analyst'],
    ['planning-web', 'manager@tideline.local', 'Morgan Manager', 'Category manager'],
  ] as const)('%s: %s signs in, sees the shell with their role, and signs out', async (app, email, name, role) => {
    await signIn(app, email);
    await page.getByTestId('user-name').waitFor();
    expect(await page.getByTestId('user-name').textContent()).toContain(name);
    expect(await page.getByTestId('user-role').textContent()).toContain(role);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${app}-shell.png`), fullPage: true });

    // The session survives a reload (tokens kept, access token refreshed as needed).
    await page.reload();
    await page.getByTestId('user-name').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.reload();
    await page.waitForURL(/\/login/);
  });

  it('shows why a sign-in failed', async () => {
    await signIn('forecasting-web', 'analyst@tideline.local', 'wrong-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Invalid email or password');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'forecasting-web-login-error.png') });
  });

  it('keeps a role out of the app that is not for it', async () => {
    await signIn('planning-web', 'analyst@tideline.local');
    await page.waitForURL(/\/forbidden/);
    expect(await page.getByTestId('user-name').count()).toBe(0);
  });
});
