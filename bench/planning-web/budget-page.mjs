// The budget page driven in Chromium, as bench/planning-web and bench/scale use it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

/** Debian's Chromium (or CHROMIUM_PATH), headless, with nothing that goes online. */
export const launchChromium = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

/** A page of the planning app signed in as `email`. */
export async function signedInPage(browser, web, email, password) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${web}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-name').waitFor();
  return page;
}

/** Seconds from opening a plan's budget page to its first rows. */
export async function openBudget(page, web, planId) {
  const started = performance.now();
  await page.goto(`${web}/budget?plan=${planId}`);
  await page.locator('[role="gridcell"][data-row="1"][data-col="0"]').waitFor({ timeout: 180_000 });
  return (performance.now() - started) / 1000;
}

/** Types `units` into the first week of grid row `row`: seconds from Enter until the page says `done` (it shows the value then). */
export async function editCell(page, row, units, done) {
  await page.evaluate(() => (document.querySelector('.viewport').scrollTop = 0));
  const cell = page.locator(`[role="gridcell"][data-row="${row}"][data-col="0"]`);
  await cell.click();
  await page.keyboard.press('Enter');
  await page.locator('input.edit').fill(String(units));
  const started = performance.now();
  await page.keyboard.press('Enter');
  await page.getByTestId('budget-message').filter({ hasText: done }).waitFor({ timeout: 120_000 });
  return (performance.now() - started) / 1000;
}
