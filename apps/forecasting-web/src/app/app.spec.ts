import { APP_INFO } from './app-info';

// The frame (login, returnUrl, role guard, /forbidden, shell, sign-out) is tested in libs/ui: app-frame.spec.ts.
describe('forecasting-web', () => {
  it('is for everyone who works with forecasts or their data', () => {
    expect(APP_INFO.title).toBe('Tideline Forecasting');
    expect(APP_INFO.allowedRoles).toEqual(['admin', 'forecast_analyst', 'data_engineer', 'category_manager']);
  });

  it('opens on the forecast explorer, then overrides, promotions, outliers, accuracy, runs and uploads, each for the roles the gateway serves', () => {
    const readers = ['admin', 'forecast_analyst', 'category_manager'];
    expect(APP_INFO.pages.map(({ path, label, heading, roles }) => [path, label, heading, roles])).toEqual([
      ['explorer', 'Explorer', 'Forecast explorer', readers],
      ['overrides', 'Overrides', 'Forecast overrides', ['admin', 'forecast_analyst']],
      ['promotions', 'Promotions', 'Planned promotions', ['admin', 'forecast_analyst', 'category_manager']],
      ['outliers', 'Outliers', 'Outliers', readers],
      ['accuracy', 'Accuracy', 'Forecast accuracy', readers],
      ['runs', 'Runs', 'Forecast runs', readers],
      ['uploads', 'Uploads', 'Data uploads', ['admin', 'data_engineer']],
    ]);
  });

  it('loads a real page for every entry, not a placeholder', async () => {
    const components = await Promise.all(APP_INFO.pages.map((page) => page.loadComponent?.()));
    expect(components.map((c) => c?.name)).toEqual(['ExplorerPage', 'OverridesPage', 'PromotionsPage', 'OutliersPage', 'AccuracyPage', 'RunsPage', 'UploadsPage']);
  });
});
