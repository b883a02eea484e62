import { APP_INFO } from './app-info';

// The frame (login, returnUrl, role guard, /forbidden, shell, sign-out) is tested in libs/ui: app-frame.spec.ts.
describe('planning-web', () => {
  it('is for category managers and admins only', () => {
    expect(APP_INFO.title).toBe('Tideline Planning');
    expect(APP_INFO.allowedRoles).toEqual(['admin', 'category_manager']);
  });

  it('opens on plans, then budget, assortment, strategy and approval', () => {
    expect(APP_INFO.pages.map(({ path, label }) => `${label} /${path}`)).toEqual([
      'Plans /plans',
      'Budget /budget',
      'Assortment /assortment',
      'Strategy /strategy',
      'Approval /approval',
    ]);
    expect(APP_INFO.carryQueryParams).toBe(true);
  });

  it('loads a real page for every entry, not a placeholder', async () => {
    const components = await Promise.all(APP_INFO.pages.map((page) => page.loadComponent?.()));
    expect(components.map((c) => c?.name)).toEqual(['PlansPage', 'BudgetPage', 'AssortmentPage', 'StrategyPage', 'ApprovalPage']);
  });
});
