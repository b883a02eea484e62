import { APP_INFO } from './app-info';

// The frame (login, returnUrl, role guard, /forbidden, shell, sign-out) is tested in libs/ui: app-frame.spec.ts.
describe('forecasting-web', () => {
  it('is for everyone who works with forecasts or their data', () => {
    expect(APP_INFO.title).toBe('Tideline Forecasting');
    expect(APP_INFO.allowedRoles).toEqual(['admin', 'forecast_analyst', 'data_engineer', 'category_manager']);
  });

  it('opens on the forecast explorer, then overrides, accuracy, runs and uploads', () => {
    expect(APP_INFO.pages.map(({ path, label, heading }) => [path, label, heading])).toEqual([
      ['explorer', 'Explorer', 'Forecast explorer'],
      ['overrides', 'Overrides', 'Forecast overrides'],
      ['accuracy', 'Accuracy', 'Forecast accuracy'],
      ['runs', 'Runs', 'Forecast runs'],
      ['uploads', 'Uploads', 'Data uploads'],
    ]);
  });
});
