import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedDemoChain, tokenOf, uploadCsv, waitForRun, waitForUpload } from '@tideline/demo-chain';
import { ROOT } from '@tideline/system-launcher';
import { accessibilityProblems, launchChromium, screenshotFromTop, until } from './support/browser';
import { TestSystem } from './support/test-system';

/** Committed, so a reader sees every screen without running anything (README, Web apps). */
const SCREENSHOTS = path.join(ROOT, 'docs/screenshots/forecasting-web');

/** A smaller demo chain of the same kind; its last four weeks arrive later, so accuracy gets measured. */
const CHAIN = { stores: 6, products: 48, lateWeeks: 4 };

describe('forecasting web app in headless Chromium against the running system with demo data', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  /** A series that sold in the late weeks, so it has a forecast, actuals and accuracy. */
  let sku: string;
  let store: string;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    system = await TestSystem.start({ web: true });
    const gateway = system.gatewayUrl;
    const admin = { email: 'admin@tideline.local', password: system.env['DEMO_PASSWORD'] };
    // As npm start seeds it: the last four weeks arrive after the first forecast and measure it.
    const lastUpload = await seedDemoChain(gateway, admin, () => undefined, CHAIN, admin);
    const token = await tokenOf(gateway, admin.email, admin.password);
    await waitForRun(gateway, token, (run) => run.scope.uploadId === lastUpload, () => undefined, 120_000);
    const measured = await fetch(`${gateway}/api/forecast/accuracy?by=series&lag=1`, { headers: { authorization: `Bearer ${token}` } });
    const busiest = ((await measured.json()) as Array<{ key: string; actual: number }>).sort((a, b) => b.actual - a.actual)[0];
    [sku, store] = busiest.key.split(' @ ');
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 1300 }, acceptDownloads: true });
  });
  afterEach(() => page.close());

  async function signIn(email: string, path = '/') {
    await page.goto(`${system.webUrl('forecasting-web')}${path}`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', system.env['DEMO_PASSWORD']);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-name').waitFor();
  }



  /** The grid's cells of one week, by column header. */
  async function weekRow(week: string): Promise<Record<string, string>> {
    const headers = await page.locator('tl-data-table').first().locator('th').allInnerTexts();
    const cells = await page.locator('tl-data-table').first().locator('tr', { hasText: week }).locator('td').allInnerTexts();
    return Object.fromEntries(headers.map((h, i) => [h.trim(), (cells[i] ?? '').trim()]));
  }
  const expectAccessible = async (screen: string) => expect(await accessibilityProblems(page, screen)).toEqual({ screen, violations: [] });
  const shoot = (name: string) => screenshotFromTop(page, path.join(SCREENSHOTS, `${name}.png`));
  const units = (text: string) => Number(text.replace(/[^\d.-]/g, ''));


  it('an analyst finds a series, sees its chart, overrides two weeks, sees the history, and reverts', async () => {
    await signIn('analyst@tideline.local');
    await page.waitForURL(/\/explorer/);
    await page.locator('tl-time-chart canvas').first().waitFor();
    // The series inside the chain, filtered by demand pattern.
    await page.getByLabel('Demand pattern').click();
    await page.getByRole('option', { name: 'Smooth' }).click();
    const finder = page.locator('app-series-finder tl-data-table');
    // The list reloads after the filter: wait for its filtered rows, not for whatever row shows first.
    const demandColumn = finder.locator('tbody tr td:nth-child(6)');
    await until(page, async () => {
      const texts = await demandColumn.allInnerTexts();
      return texts.length > 0 && texts.every((text) => text === 'smooth');
    }).catch(() => undefined);
    const demand = await demandColumn.allInnerTexts();
    expect(demand.length).toBeGreaterThan(0);
    expect(new Set(demand)).toEqual(new Set(['smooth']));
    await expectAccessible('explorer (chain)');
    await shoot('explorer-chain');

    // Find the series by typing its SKU, then its store, and picking the suggestions.
    await page.getByLabel('Product (SKU or name)').fill(sku);
    await page.getByRole('option', { name: new RegExp(sku) }).click();
    await page.getByLabel('Store (code or name)').fill(store);
    await page.getByRole('option', { name: new RegExp(store) }).click();
    await page.waitForURL(new RegExp(`sku=${sku}.*store=${store}|store=${store}.*sku=${sku}`));
    expect(await page.getByTestId('selection-label').textContent()).toBe(`Product ${sku} × store ${store}`);
    await page.locator('tl-time-chart canvas').first().waitFor();
    await page.getByTestId('series-model').filter({ hasText: 'series' }).waitFor();
    // Past forecasts against what happened: the week after the first forecast's last actual shows its lag-1 forecast.
    expect(units((await weekRow('2026-10-26'))['Forecast 1 week before'])).toBeGreaterThan(0);
    expect((await weekRow('2026-10-19'))['Forecast 1 week before']).toBe('—');
    await shoot('explorer-series');

    await page.getByRole('link', { name: 'Override this selection' }).click();
    await page.waitForURL(/\/overrides\?/);
    const boxes = page.getByRole('checkbox', { name: /^Select \d{4}-\d{2}-\d{2}$/ });
    await boxes.first().waitFor();
    const [first, second] = (await boxes.evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('aria-label') ?? ''))).map((l) =>
      l.replace('Select ', ''),
    );
    const before = [await weekRow(first), await weekRow(second)];
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    expect(await page.getByTestId('selected-weeks').textContent()).toContain('2 weeks selected');

    await page.getByLabel('Amount').fill('50');
    await page.getByLabel('Comment').fill('Store event, checked with the manager');
    await page.getByRole('button', { name: 'Apply override' }).click();
    await page.getByTestId('override-outcome').filter({ hasText: 'Saved' }).waitFor();

    // The final forecast of both weeks becomes the statistical one plus 50%; the history shows the change.
    await until(page, async () => (await weekRow(first))['Final'] !== before[0]['Final']);
    await page.locator('tr', { hasText: 'Active' }).first().waitFor();
    for (const [i, week] of [first, second].entries()) {
      const row = await weekRow(week);
      expect(units(row['Final'])).toBeCloseTo(units(before[i]['Statistical']) * 1.5, 0);
    }
    const history = page.locator('tl-data-table').nth(1);
    expect(await history.locator('tbody tr').count()).toBe(1);
    expect(await history.locator('tbody tr').first().innerText()).toContain('Store event, checked with the manager');
    await expectAccessible('overrides');
    await shoot('overrides');

    await history.getByRole('button', { name: 'Revert' }).click();
    await page.getByTestId('override-outcome').filter({ hasText: 'Reverted' }).waitFor();
    await history.locator('tr', { hasText: 'Reverted by' }).waitFor();
    await until(page, async () => (await weekRow(first))['Final'] === before[0]['Final']);
    expect((await weekRow(first))['Final']).toBe(before[0]['Final']);
    expect((await weekRow(second))['Final']).toBe(before[1]['Final']);
    expect(await history.getByRole('button', { name: 'Revert' }).isDisabled()).toBe(true);
  });

  it('an analyst tries a promotion out, saves it, finds it planned in the explorer, and removes a week', async () => {
    const token = await tokenOf(system.gatewayUrl, 'analyst@tideline.local', system.env['DEMO_PASSWORD']);
    const current = await fetch(`${system.gatewayUrl}/api/forecast/series?sku=${sku}&store=${store}`, { headers: { authorization: `Bearer ${token}` } });
    const { asOf } = (await current.json()) as { asOf: string };
    const weekAhead = (n: number) => new Date(Date.parse(asOf) + n * 7 * 86_400_000).toISOString().slice(0, 10);
    await signIn('analyst@tideline.local', `/promotions?sku=${sku}&store=${store}`);
    await page.waitForURL(/\/promotions/);
    await page.getByLabel('First week').fill(weekAhead(2));
    await page.getByLabel('Last week').fill(weekAhead(3));
    await page.getByRole('button', { name: 'Show with and without' }).click();
    await page.getByTestId('promotion-outcome').filter({ hasText: 'Nothing is saved yet' }).waitFor();
    // The demo chain's promotions sell more: the promoted weeks come out above the forecast without.
    const whatIf = page.locator('tl-data-table').first();
    const cells = async (week: string) => {
      const headers = await whatIf.locator('th').allInnerTexts();
      const values = await whatIf.locator('tr', { hasText: week }).locator('td').allInnerTexts();
      return Object.fromEntries(headers.map((h, i) => [h.trim(), (values[i] ?? '').trim()]));
    };
    const promoted = await cells(weekAhead(2));
    expect(units(promoted['With it'])).toBeGreaterThan(units(promoted['Without the promotion']));
    expect(promoted['Lift by driver']).toContain('promo +');
    const plain = await cells(weekAhead(1));
    expect(plain['With it']).toBe(plain['Without the promotion']);
    await page.locator('tl-time-chart canvas').first().waitFor();
    await expectAccessible('promotions');
    await shoot('promotions');

    await page.getByRole('button', { name: 'Save as planned' }).click();
    await page.getByTestId('promotion-outcome').filter({ hasText: 'Saved 2 planned weeks' }).waitFor();
    const planned = page.locator('app-planned-weeks-list tbody tr');
    await until(page, async () => (await planned.count()) === 2);
    expect(await planned.first().innerText()).toContain('analyst@tideline.local');

    await page.goto(`${system.webUrl('forecasting-web')}/explorer?sku=${sku}&store=${store}`);
    await page.locator('app-planned-weeks-list tbody tr').first().waitFor();
    expect(await page.locator('app-planned-weeks-list tbody tr').count()).toBe(2);
    expect(await page.locator('app-planned-weeks-list').getByRole('button', { name: 'Remove' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Plan a promotion' }).click();
    await page.waitForURL(/\/promotions\?/);
    await page.locator('app-planned-weeks-list').getByRole('button', { name: 'Remove' }).first().click();
    await page.getByTestId('promotion-outcome').filter({ hasText: 'Removed' }).waitFor();
    await until(page, async () => (await page.locator('app-planned-weeks-list tbody tr').count()) === 1);

    // An event for the store: a driver of the next runs, listed and removable.
    const events = page.locator('app-events-panel');
    await events.getByLabel('Event name').fill('town_festival');
    await events.getByLabel('Event weeks').fill(`${weekAhead(-50)}, ${weekAhead(4)}`);
    await events.getByRole('button', { name: 'Add event' }).click();
    const eventRow = events.locator('tbody tr', { hasText: 'town_festival' });
    await eventRow.waitFor();
    expect(await eventRow.innerText()).toContain(`store ${store}`);
    await expectAccessible('promotions with an event');
    await eventRow.getByRole('button', { name: 'Remove' }).click();
    await until(page, async () => (await events.locator('tbody tr', { hasText: 'town_festival' }).count()) === 0);
  });

  it('an analyst reads accuracy by category with the worklist, and starts a run with its progress', async () => {
    await signIn('analyst@tideline.local', '/accuracy');
    await page.waitForURL(/\/accuracy/);
    const table = page.locator('tl-data-table').first();
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Open' }).first().waitFor();
    await expectAccessible('accuracy');
    await shoot('accuracy');

    await page.goto(`${system.webUrl('forecasting-web')}/runs`);
    await page.locator('tl-data-table tbody tr').first().waitFor();
    await page.getByLabel('Product group').click();
    await page.getByRole('option').nth(1).click();
    await page.getByLabel('Horizon (weeks)').fill('8');
    await page.getByRole('button', { name: /^Forecast / }).click();
    // The new run shows up first in the list and ends completed.
    await page.locator('tl-data-table tbody tr').first().filter({ hasText: 'completed' }).filter({ hasText: 'By analyst@tideline.local' }).waitFor({ timeout: 60_000 });
    await expectAccessible('runs');
    await shoot('runs');
  });

  it('a data engineer uploads a file with bad rows, follows it, and downloads the rejections', async () => {
    await signIn('data@tideline.local', '/uploads');
    await page.waitForURL(/\/uploads/);
    await page.locator('tl-data-table').first().waitFor();
    const csv = [
      'week,store,sku,units',
      `2026-11-23,${store},${sku},7`,
      '2026-11-24,ST001,SKU-00002,5', // not a Monday
      '2026-11-23,ST002,SKU-00002,many', // units not a number
      `2026-11-23,ST001,SKU-00001,4`,
    ].join('\n');
    await page.locator('input[type="file"]').setInputFiles({ name: 'week-48.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const summary = page.getByTestId('upload-summary');
    await summary.filter({ hasText: /^Done/ }).waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe('Done: 4 rows read, 2 accepted, 2 rejected.');
    // The rejected rows follow the summary: they are fetched once the upload has ended.
    const rejected = page.getByTestId('rejected-rows');
    await rejected.locator('tbody tr').nth(1).waitFor();
    expect((await rejected.locator('tbody tr').allInnerTexts()).map((t) => t.split('\t')[0].trim())).toEqual(['3', '4']);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all rejected rows' }).click()]);
    const text = fs.readFileSync((await download.path()) as string, 'utf8');
    expect(text.split(/\r?\n/)[0]).toBe('line,column,value,reason');
    expect(text.split(/\r?\n/).filter((l) => /^\d/.test(l)).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['3,week', '4,units']);
    await page.locator('tl-data-table').nth(1).locator('tr', { hasText: 'week-48.csv' }).waitFor();
    await expectAccessible('uploads');
    await shoot('uploads');
  });

  it('an analyst does not see the upload page, and is turned away from its address', async () => {
    await signIn('analyst@tideline.local');
    await page.waitForURL(/\/explorer/);
    expect(await page.locator('nav a [matListItemTitle]').allInnerTexts()).toEqual(['Explorer', 'Overrides', 'Promotions', 'Outliers', 'Accuracy', 'Runs']);
    await page.goto(`${system.webUrl('forecasting-web')}/uploads`);
    await page.waitForURL(/\/forbidden/);
  });

  it('an expired session sends the analyst to sign in, then back to the same screen', async () => {
    await signIn('analyst@tideline.local', `/explorer?category=Dairy`);
    await page.waitForURL(/\/explorer\?category=Dairy/);
    // Both tokens become worthless, as after a long absence: the next request must end the session.
    await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => localStorage.getItem(k)?.includes('refreshToken')) as string;
      const session = JSON.parse(localStorage.getItem(key) as string);
      localStorage.setItem(key, JSON.stringify({ ...session, accessToken: 'expired', refreshToken: 'revoked', expiresAt: Date.now() - 1000 }));
    });
    await page.reload();
    await page.waitForURL(/\/login\?returnUrl=%2Fexplorer%3Fcategory%3DDairy/);
    await page.fill('input[name="email"]', 'analyst@tideline.local');
    await page.fill('input[name="password"]', system.env['DEMO_PASSWORD']);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/explorer\?/);
    await page.getByTestId('selection-label').waitFor();
  });

  it('an analyst reviews an outlier week and rejects its correction, then names a like-item', async () => {
    const gateway = system.gatewayUrl;
    const password = system.env['DEMO_PASSWORD'];
    const analyst = await tokenOf(gateway, 'analyst@tideline.local', password);
    const current = await fetch(`${gateway}/api/forecast/series?sku=${sku}&store=${store}`, { headers: { authorization: `Bearer ${analyst}` } });
    const { history } = (await current.json()) as { history: Array<{ week: string; units: number }> };
    // A bulk order restated into an old week: twenty times the series' biggest week.
    const odd = history[history.length - 20];
    const data = await tokenOf(gateway, 'data@tideline.local', password);
    const job = await uploadCsv(gateway, data, [`week,store,sku,units\n${odd.week},${store},${sku},${20 * Math.max(...history.map((h) => h.units))}\n`]);
    expect((await waitForUpload(gateway, data, job.id)).status).toBe('completed');
    await waitForRun(gateway, analyst, (run) => run.scope.uploadId === job.id, () => undefined, 120_000);

    await signIn('analyst@tideline.local', '/outliers');
    await page.waitForURL(/\/outliers/);
    const listed = page.locator('tl-data-table tbody tr', { hasText: sku }).filter({ hasText: store });
    await listed.getByRole('button', { name: 'Review' }).click();
    const week = page.locator(`tr[data-week="${odd.week}"]`);
    await week.waitFor();
    expect(await week.innerText()).toContain('Corrected (not yet decided)');
    await expectAccessible('outliers');
    await shoot('outliers');
    await week.getByRole('button', { name: 'Reject' }).click();
    await until(page, async () => (await week.innerText()).includes('Kept as sold (rejected)'));
    expect(await week.innerText()).toContain('analyst@tideline.local');

    await page.goto(`${system.webUrl('forecasting-web')}/explorer?sku=${sku}&store=${store}`);
    const life = page.locator('app-lifecycle-panel');
    await life.getByTestId('product-lifecycle').waitFor();
    const like = sku === 'SKU-00001' ? 'SKU-00002' : 'SKU-00001';
    await life.getByLabel('Like-item SKU').fill(like);
    await life.getByRole('button', { name: 'Save like-item' }).click();
    await life.getByRole('status').filter({ hasText: `like ${like}` }).waitFor();
    await until(page, async () => (await life.getByTestId('product-lifecycle').innerText()).includes(`Forecast like ${like}`));
    const product = await fetch(`${gateway}/api/catalog/products/${sku}`, { headers: { authorization: `Bearer ${analyst}` } });
    expect(await product.json()).toMatchObject({ likeSku: like });
    await expectAccessible('explorer with the like-item panel');
  });
});

