import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { GridView, MerchandiseTargetsView, OpenToBuyView, Page as ListPage, PlanView } from '@tideline/contracts';
import { DEMO_PLANS, seedDemoChain, seedDemoPlans, seedDemoStock, tokenOf, waitForRun } from '@tideline/demo-chain';
import { ROOT } from '@tideline/system-launcher';
import { accessibilityProblems, launchChromium, screenshotFromTop, until } from './support/browser';
import { call } from './support/http';
import { TestSystem } from './support/test-system';

/** Committed, so a reader sees every screen without running anything (README, Web apps). */
const SCREENSHOTS = path.join(ROOT, 'docs/screenshots/planning-web');
const CHAIN = { stores: 6, products: 48 };
/** Inside the demo forecast (its actuals end 2026-11-16; 13 weeks ahead). */
const FROM = '2026-11-30';
const TO = '2027-02-15';

describe('planning web app in headless Chromium against the running system with demo data', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    system = await TestSystem.start({ web: true });
    const admin = { email: 'admin@tideline.local', password: system.env['DEMO_PASSWORD'] };
    const lastUpload = await seedDemoChain(system.gatewayUrl, admin, () => undefined, CHAIN);
    const token = await tokenOf(system.gatewayUrl, admin.email, admin.password);
    await waitForRun(system.gatewayUrl, token, (run) => run.scope.uploadId === lastUpload, () => undefined, 120_000);
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
  });

  /** A browser of its own (cookies, storage) signed in as `email`, opened at `path`. */
  async function signedIn(email: string, to = '/'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1300 }, acceptDownloads: true });
    const page = await context.newPage();
    pages.push(page);
    await page.goto(`${system.webUrl('planning-web')}${to}`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', system.env['DEMO_PASSWORD']);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-name').waitFor();
    return page;
  }



  const expectAccessible = async (page: Page, screen: string) => expect(await accessibilityProblems(page, screen)).toEqual({ screen, violations: [] });
  const shoot = (page: Page, name: string) => screenshotFromTop(page, path.join(SCREENSHOTS, `${name}.png`));

  /** A grid cell by its row and column, as the grid labels it for screen readers. */
  const cell = (page: Page, row: number, col: number) => page.locator(`[role="gridcell"][data-row="${row}"][data-col="${col}"]`);
  const number = async (page: Page, row: number, col: number) => Number((await cell(page, row, col).innerText()).replace(/[^\d.-]/g, ''));


  it('a manager creates a plan, spreads a budget with a locked cell, ranges, sets a strategy and submits; a second manager approves; a scenario compares', async () => {
    const page = await signedIn('manager@tideline.local', '/plans');
    await page.waitForURL(/\/plans/);
    await page.getByLabel('Name').fill('Winter e2e');
    await page.getByLabel('First week (Monday)').fill(FROM);
    await page.getByLabel('Last week (Monday)').fill(TO);
    await page.getByLabel('Approver (email)').fill('manager2@tideline.local');
    await page.getByRole('button', { name: 'Create from the forecast' }).click();
    await page.waitForURL(/\/budget\?plan=/, { timeout: 60_000 });
    const planId = new URL(page.url()).searchParams.get('plan') as string;

    // Row 0 is the whole plan, row 1 the first category; open it to reach its clusters.
    await cell(page, 1, -1).waitFor();
    await page.locator('.toggle').first().click();
    await page.locator('.level-cluster [data-row="2"][data-col="0"]').waitFor();
    const lockedBefore = await number(page, 2, 0);
    await cell(page, 2, 0).click();
    await page.keyboard.press('l');
    await page.getByTestId('budget-message').filter({ hasText: 'Locked' }).waitFor();
    await page.locator('[data-row="2"][data-col="0"] .lock').waitFor();

    // Type a new total for the category: it spreads over its cells, the locked one keeps its value.
    const categoryTotal = await number(page, 1, -1);
    const target = Math.round(categoryTotal * 1.2) + 7;
    await cell(page, 1, -1).click();
    await page.keyboard.press('Enter');
    await page.locator('input.edit').fill(String(target));
    await page.keyboard.press('Enter');
    await page.getByTestId('budget-message').filter({ hasText: 'spread saved' }).waitFor();
    await until(page, async () => (await number(page, 1, -1)) === target);
    expect(await number(page, 2, 0)).toBe(lockedBefore);
    // The locked cell's history: the lock, and no spread moved it.
    await cell(page, 2, 0).click();
    await page.getByRole('button', { name: 'History of this cell' }).click();
    const history = page.getByTestId('cell-history');
    await history.locator('tbody tr').first().waitFor();
    expect((await history.locator('tbody tr').allInnerTexts()).map((t) => t.split('\t').slice(1, 3).join(' ').trim())).toEqual(['manager@tideline.local cell']);
    await expectAccessible(page, 'budget');
    await shoot(page, 'budget');

    // Undo puts the category back (spread back over the same cells).
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('budget-message').filter({ hasText: 'Undone' }).waitFor();
    await until(page, async () => Math.abs((await number(page, 1, -1)) - categoryTotal) <= 1);

    await page.getByRole('link', { name: 'Assortment' }).click();
    await page.waitForURL(/\/assortment\?plan=/);
    const summary = page.getByTestId('cluster-summary');
    await summary.locator('th.num').first().waitFor();
    const keptBefore = await summary.locator('th.num').allInnerTexts();
    const box = page.locator('mat-checkbox input[type="checkbox"]').first();
    await box.click();
    await until(page, async () => (await summary.locator('th.num').allInnerTexts()).join() !== keptBefore.join());
    await expectAccessible(page, 'assortment');
    await shoot(page, 'assortment');

    await page.getByRole('link', { name: 'Strategy' }).click();
    await page.waitForURL(/\/strategy\?plan=/);
    const form = page.locator('form[data-category]').first();
    await form.getByLabel('Sales growth target %').fill('5');
    await form.getByLabel('Margin target %').fill('30');
    await form.getByLabel('Products target').fill('3');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('strategy-message').waitFor();
    await form.getByTestId('checks').waitFor();
    expect(await form.getByTestId('checks').innerText()).toMatch(/Growth .* (Met|Missed)/);
    await expectAccessible(page, 'strategy');
    await shoot(page, 'strategy');

    await page.getByRole('link', { name: 'Approval' }).click();
    await page.waitForURL(/\/approval\?plan=/);
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await page.getByTestId('plan-status').filter({ hasText: 'Submitted' }).waitFor();
    // The owner may withdraw it, never approve it.
    await page.getByTestId('owner-note').waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await expectAccessible(page, 'approval');
    await shoot(page, 'approval-submitted');

    const approver = await signedIn('manager2@tideline.local', `/approval?plan=${planId}`);
    await approver.getByRole('button', { name: 'Approve' }).click();
    await approver.getByTestId('plan-status').filter({ hasText: 'Approved' }).waitFor();
    expect(await approver.locator('tl-data-table tbody tr').first().innerText()).toContain('approve');
    await shoot(approver, 'approval-approved');

    await page.getByRole('link', { name: 'Plans' }).click();
    const approved = page.locator('tl-data-table tbody tr', { hasText: 'Winter e2e' }).filter({ hasText: 'Approved' });
    await approved.waitFor();

    // A what-if scenario of the approved plan opens as a draft; compared with its source, nothing differs yet.
    await approved.getByRole('checkbox').check();
    await page.getByLabel('Scenario name').fill('Cold snap');
    await page.getByRole('button', { name: 'New scenario' }).click();
    await page.waitForURL((url) => url.searchParams.get('plan') !== planId && url.pathname === '/budget');
    await page.getByTestId('plan-status').filter({ hasText: 'Draft' }).filter({ hasText: 'scenario Cold snap' }).waitFor();
    await page.getByRole('link', { name: 'Plans' }).click();
    const scenario = page.locator('tl-data-table tbody tr', { hasText: 'Winter e2e · Cold snap' });
    await scenario.getByRole('checkbox').check();
    await page.getByLabel('Compare with').click();
    await page.getByRole('option', { name: /^Winter e2e v1$/ }).click();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.getByText(/0 cells differ/).waitFor();
    await expectAccessible(page, 'plans');
    await shoot(page, 'plans');
  });

  it('shows the budget by fiscal month and spreads a month typed on a cluster over its weeks, keeping a locked week', async () => {
    const manager = await tokenOf(system.gatewayUrl, 'manager@tideline.local', system.env['DEMO_PASSWORD']);
    const api = async <T>(method: string, route: string, body?: unknown) => (await call<T>(system.gatewayUrl, method, `/api${route}`, { token: manager, body })).body;
    const plan = await api<PlanView>('POST', '/planning/plans', { name: 'Fiscal months e2e', from: FROM, to: TO });
    // Fiscal 2026 (4-5-4) runs 2 Feb 2026 – 31 Jan 2027: 30 Nov is week 44, the first of month 11 (5 weeks), then
    // month 12 (4 weeks) from 4 Jan; fiscal 2027 starts 1 Feb 2027, so the plan holds 3 of its month 1's 4 weeks.
    const grid = await api<GridView>('GET', `/planning/plans/${plan.id}/cells?format=rows`);
    const [row] = grid.rows ?? [];
    expect(row.week).toHaveLength(12);
    const lockedWeek = '2026-12-07';
    await api('PATCH', `/planning/plans/${plan.id}/cells`, { category: row.category, cluster: row.cluster, week: lockedWeek, version: row.version[1], locked: true });
    const lockedUnits = row.plan[1];

    const page = await signedIn('manager@tideline.local', `/budget?plan=${plan.id}`);
    await cell(page, 1, -1).waitFor();
    await page.locator('mat-button-toggle', { hasText: 'Fiscal months' }).locator('button').click();
    await until(page, async () => (await page.locator('.weeks-head .week').allInnerTexts()).length === 3);
    expect(await page.locator('.weeks-head .week').allInnerTexts()).toEqual(['M11 ’26', 'M12 ’26', 'M1 ’27']);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const wholePlan = await api<GridView>('GET', `/planning/plans/${plan.id}/cells?format=rows`);
    const monthOf = (weeks: number[]) => sum((wholePlan.rows ?? []).flatMap((r) => weeks.map((i) => r.plan[i])));
    expect([await number(page, 0, 0), await number(page, 0, 1), await number(page, 0, 2)]).toEqual([monthOf([0, 1, 2, 3, 4]), monthOf([5, 6, 7, 8]), monthOf([9, 10, 11])]);
    await expectAccessible(page, 'budget by fiscal month');
    await shoot(page, 'budget-fiscal-months');

    // Type month 11 of the first cluster: it spreads over that cluster's five weeks, the locked one keeps its value.
    await page.locator('.toggle').first().click();
    await page.locator('.level-cluster [data-row="2"][data-col="0"]').waitFor();
    const target = lockedUnits + 500;
    await cell(page, 2, 0).click();
    await page.keyboard.press('Enter');
    await page.locator('input.edit').fill(String(target));
    await page.keyboard.press('Enter');
    await page.getByTestId('budget-message').filter({ hasText: 'spread saved' }).waitFor();
    await until(page, async () => (await number(page, 2, 0)) === target);
    const after = (await api<GridView>('GET', `/planning/plans/${plan.id}/cells?format=rows&category=${encodeURIComponent(row.category)}&cluster=${encodeURIComponent(row.cluster)}`)).rows?.[0];
    expect(sum((after?.plan ?? []).slice(0, 5))).toBe(target);
    expect(after?.plan[1]).toBe(lockedUnits);
    expect(after?.plan.slice(5)).toEqual(row.plan.slice(5));

    // Stock measures by fiscal month, at retail value, as the API plans them for the whole plan.
    const stockPlan = async () => (await api<OpenToBuyView>('GET', `/planning/plans/${plan.id}/open-to-buy?period=month&by=plan`)).rows[0].figures.map((f) => f.value);
    const shows = async (expected: number[]) => {
      for (let col = 0; col < expected.length; col++) if (Math.abs((await number(page, 0, col)) - expected[col]) > 0.06) return false;
      return true;
    };
    await page.locator('mat-button-toggle', { hasText: 'Open to buy' }).locator('button').click();
    const before = await stockPlan();
    await until(page, () => shows(before.map((f) => f.openToBuy)));
    await until(page, async () => Math.abs((await number(page, 0, -1)) - sum(before.map((f) => f.openToBuy))) <= 0.2);
    // The first category's targets, set beside the grid: 8 weeks of cover and 10% markdowns raise what is left to buy.
    await cell(page, 1, 0).click();
    await page.getByLabel('Weeks of cover').fill('8');
    await page.getByLabel('Markdowns, % of sales').fill('10');
    await page.getByRole('button', { name: 'Save targets' }).click();
    await page.getByTestId('targets-note').filter({ hasText: '8 weeks of cover' }).waitFor();
    const targets = await api<MerchandiseTargetsView[]>('GET', `/planning/plans/${plan.id}/merchandise-targets`);
    expect(targets).toEqual([expect.objectContaining({ category: row.category, weeksOfCover: 8, markdowns: [{ from: FROM, to: TO, ratePercent: 10, amount: null }] })]);
    const raised = await stockPlan();
    expect(raised[0].openToBuy).toBeGreaterThan(before[0].openToBuy);
    expect(raised[0].markdowns).toBeGreaterThan(0);
    await until(page, () => shows(raised.map((f) => f.openToBuy)));
    // End stock: each month's, the last month's as the total.
    await page.locator('mat-button-toggle', { hasText: 'End stock' }).locator('button').click();
    await until(page, () => shows(raised.map((f) => f.endStock)));
    expect(Math.abs((await number(page, 0, -1)) - raised[2].endStock)).toBeLessThanOrEqual(0.06);
    // Exported while a stock measure is shown: the open-to-buy of the grid's months.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('Fiscal-months-e2e-open-to-buy.csv');
    const exported = fs.readFileSync((await download.path()) ?? '', 'utf8').trim().split('\n');
    expect(exported[0]).toMatch(/^category,cluster,period,from,to,beginning_stock,/);
    expect(exported.filter((line) => line.startsWith(`${row.category},`))).toHaveLength(3 * new Set((grid.rows ?? []).filter((r) => r.category === row.category).map((r) => r.cluster)).size);
    await expectAccessible(page, 'budget end stock by fiscal month');
    await shoot(page, 'budget-stock-measures');

    // Markdowns typed on the category's fiscal month 12: that month's budget becomes the amount, the 10% stays around it; undo restores it.
    await page.locator('mat-button-toggle', { hasText: /^Markdowns$/ }).locator('button').click();
    await until(page, async () => (await number(page, 1, 1)) > 0);
    await cell(page, 1, 1).click();
    await page.keyboard.press('Enter');
    await page.locator('input.edit').fill('750');
    await page.keyboard.press('Enter');
    await page.getByTestId('budget-message').filter({ hasText: 'markdowns' }).waitFor();
    await until(page, async () => (await number(page, 1, 1)) === 750);
    const [m12From, m12To] = ['2027-01-04', '2027-01-25'];
    const rateOver = (from: string, to: string) => ({ from, to, ratePercent: 10, amount: null });
    const markdownsNow = async () => (await api<MerchandiseTargetsView[]>('GET', `/planning/plans/${plan.id}/merchandise-targets`))[0];
    expect((await markdownsNow()).markdowns).toEqual([rateOver(FROM, '2026-12-28'), { from: m12From, to: m12To, ratePercent: null, amount: 750 }, rateOver('2027-02-01', TO)]);
    expect((await markdownsNow()).weeksOfCover).toBe(8);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('budget-message').filter({ hasText: 'Undone' }).waitFor();
    expect((await markdownsNow()).markdowns).toEqual([rateOver(FROM, TO)]);
    const history = await api<Array<{ what: string }>>('GET', `/planning/plans/${plan.id}/history`);
    expect(history.filter((h) => h.what === `targets ${row.category}`)).toHaveLength(3);
    // Margin after markdowns: the plan's margin less its markdowns, month by month.
    await page.locator('mat-button-toggle', { hasText: 'Margin after markdowns' }).locator('button').click();
    const margins = (await api<OpenToBuyView>('GET', `/planning/plans/${plan.id}/open-to-buy?period=month&by=plan`)).rows[0].figures;
    await until(page, () => shows(margins.map((f) => f.grossMarginAfterMarkdowns ?? NaN)));
    // By fiscal year: the plan's weeks in fiscal 2026 and in fiscal 2027.
    await page.locator('mat-button-toggle', { hasText: 'Fiscal years' }).locator('button').click();
    await until(page, async () => (await page.locator('.weeks-head .week').allInnerTexts()).join() === 'FY ’26,FY ’27');
    const yearly = (await api<OpenToBuyView>('GET', `/planning/plans/${plan.id}/open-to-buy?period=year&by=plan`)).rows[0].figures;
    await until(page, () => shows(yearly.map((f) => f.grossMarginAfterMarkdowns ?? NaN)));
  });

  it("npm start's demo plans: the approver's first screen shows the plan waiting for them, and seeding again adds nothing", async () => {
    const manager = await tokenOf(system.gatewayUrl, 'manager@tideline.local', system.env['DEMO_PASSWORD']);
    const data = await tokenOf(system.gatewayUrl, 'data@tideline.local', system.env['DEMO_PASSWORD']);
    expect(await seedDemoStock(system.gatewayUrl, data, CHAIN, () => undefined)).toBe(true);
    expect(await seedDemoStock(system.gatewayUrl, data, CHAIN, () => undefined)).toBe(false);
    await seedDemoPlans(system.gatewayUrl, manager, () => undefined);
    const plans = async () => (await call<ListPage<PlanView>>(system.gatewayUrl, 'GET', '/api/planning/plans?pageSize=500', { token: manager })).body;
    const before = await plans();
    await seedDemoPlans(system.gatewayUrl, manager, () => undefined);
    expect((await plans()).total).toBe(before.total);
    const forApproval = before.items.find((p) => p.name === DEMO_PLANS.forApproval.name);
    expect(forApproval).toMatchObject({ status: 'submitted', owner: 'manager@tideline.local', approver: 'manager2@tideline.local', department: 'Drinks' });
    expect(forApproval?.planUnits).toBeGreaterThan(forApproval?.forecastUnits ?? Infinity);

    const approver = await signedIn('manager2@tideline.local', '/plans');
    const waiting = approver.locator('tl-data-table tbody tr', { hasText: DEMO_PLANS.forApproval.name });
    await waiting.filter({ hasText: 'Submitted' }).waitFor();
    await approver.locator('tl-data-table tbody tr', { hasText: DEMO_PLANS.draft.name }).filter({ hasText: 'Draft' }).waitFor();
    // The demo stock and orders reach the plan's open-to-buy.
    const stock = (await call<OpenToBuyView>(system.gatewayUrl, 'GET', `/api/planning/plans/${forApproval?.id}/open-to-buy`, { token: manager })).body;
    expect(stock.rows.length).toBeGreaterThan(0);
    expect(stock.rows.some((r) => r.figures[0].beginningStock > 0)).toBe(true);
    expect(stock.rows.some((r) => r.figures.some((f) => f.receipts > 0))).toBe(true);
    // The draft's seeded targets: Holiday keeps 6 weeks of cover and marks down 5%, then clears 2,500 at the end of the season.
    const draft = before.items.find((p) => p.name === DEMO_PLANS.draft.name);
    const targets = (await call<MerchandiseTargetsView[]>(system.gatewayUrl, 'GET', `/api/planning/plans/${draft?.id}/merchandise-targets`, { token: manager })).body;
    expect(targets.map((t) => [t.category, t.weeksOfCover, t.markdowns.length])).toEqual([['Dairy', 2, 1], ['Holiday', 6, 2]]);
    const holiday = (await call<OpenToBuyView>(system.gatewayUrl, 'GET', `/api/planning/plans/${draft?.id}/open-to-buy?period=year&by=category&category=Holiday`, { token: manager })).body;
    // (The season may straddle two fiscal years.)
    expect(holiday.rows[0].figures.reduce((t, f) => t + f.value.markdowns, 0)).toBeGreaterThan(2500);
    await approver.goto(`${system.webUrl('planning-web')}/approval?plan=${forApproval?.id}`);
    await approver.getByRole('button', { name: 'Approve' }).waitFor();
  });

  it('two managers editing the same cell: the second sees what changed and chooses; a pasted range and its undo', async () => {
    const manager = await signedIn('manager@tideline.local');
    const token = await tokenOf(system.gatewayUrl, 'manager@tideline.local', system.env['DEMO_PASSWORD']);
    const created = await call<PlanView>(system.gatewayUrl, 'POST', '/api/planning/plans', { token, body: { name: 'Conflict e2e', from: FROM, to: TO, editors: ['manager2@tideline.local'] } });
    expect(created.status).toBe(201);
    const other = await signedIn('manager2@tideline.local');
    for (const page of [manager, other]) {
      await page.goto(`${system.webUrl('planning-web')}/budget?plan=${created.body.id}`);
      await page.locator('.toggle').first().click();
      await page.locator('.level-cluster [data-row="2"][data-col="0"]').waitFor();
    }
    const edit = async (page: Page, value: number) => {
      await cell(page, 2, 0).click();
      await page.keyboard.press('Enter');
      await page.locator('input.edit').fill(String(value));
      await page.keyboard.press('Enter');
    };
    await edit(manager, 111);
    await manager.getByTestId('budget-message').filter({ hasText: 'saved' }).waitFor();

    // The second browser still shows the old value and version.
    await edit(other, 222);
    const conflict = other.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('manager@tideline.local changed it');
    expect(await conflict.innerText()).toContain('to 111');
    expect(await conflict.innerText()).toContain('Your value is 222');
    await expectAccessible(other, 'budget conflict');
    await shoot(other, 'budget-conflict');
    await other.getByRole('button', { name: 'Use mine' }).click();
    await other.getByTestId('budget-message').filter({ hasText: 'over the other change' }).waitFor();
    await until(other, async () => (await number(other, 2, 0)) === 222);

    // A 2 × 2 range pasted from a spreadsheet lands on two clusters' weeks from the focused cell; one undo takes it back.
    const before = [await number(other, 2, 1), await number(other, 2, 2), await number(other, 3, 1), await number(other, 3, 2)];
    await cell(other, 2, 1).click();
    await other.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '7\t8\r\n9\t10\r\n');
      document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await other.getByTestId('budget-message').filter({ hasText: 'Pasted 4 cells' }).waitFor();
    await until(other, async () => (await number(other, 3, 2)) === 10);
    expect([await number(other, 2, 1), await number(other, 2, 2), await number(other, 3, 1)]).toEqual([7, 8, 9]);
    await other.getByRole('button', { name: 'Undo' }).click();
    await other.getByTestId('budget-message').filter({ hasText: 'Undone' }).waitFor();
    await until(other, async () => (await number(other, 3, 2)) === before[3]);
    expect([await number(other, 2, 1), await number(other, 2, 2), await number(other, 3, 1)]).toEqual(before.slice(0, 3));
  });
});
