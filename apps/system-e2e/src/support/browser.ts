import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded build), with the flags this offline machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const AXE = require.resolve('axe-core/axe.min.js');

interface AxeResult {
  violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
}

/** axe-core's WCAG 2 A/AA rules on the page as it is now: the serious and critical violations, by screen. */
export async function accessibilityProblems(page: Page, screen: string) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return { screen, violations: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') };
}

/** A screenshot of the page from its top (the app shell scrolls its content, not the document). */
export async function screenshotFromTop(page: Page, file: string) {
  await page.evaluate(() => document.querySelector('mat-sidenav-content')?.scrollTo(0, 0));
  await page.screenshot({ path: file });
}

/** Waits until `check` holds, as a person watching the screen would (15 s at most). */
export async function until(page: Page, check: () => Promise<boolean>) {
  for (let i = 0; i < 150; i++) {
    if (await check()) return;
    await page.waitForTimeout(100);
  }
  throw new Error('the screen did not change in 15 s');
}
