import type { AppInfo } from '@tideline/ui';
import type { Role } from '@tideline/web-core';

/** Who may read forecasts through the gateway (data engineers send data but do not read forecasts). */
const FORECAST_READERS: readonly Role[] = ['admin', 'forecast_analyst', 'category_manager'];

/** What this app is and its pages; the login page, shell, role guards and "no access" page come from `libs/ui` (app-frame). */
export const APP_INFO: AppInfo = {
  title: 'Tideline Forecasting',
  /** Who may use this app (DESIGN.md, Roles): everyone who works with forecasts or their data. */
  allowedRoles: ['admin', 'forecast_analyst', 'data_engineer', 'category_manager'],
  pages: [
    {
      path: 'explorer',
      label: 'Explorer',
      icon: 'insights',
      heading: 'Forecast explorer',
      description:
        'Forecasts for every product and store with their 80% and 95% intervals, next to actual sales, by product, store, category or region.',
      loadComponent: () => import('./explorer/explorer-page').then((m) => m.ExplorerPage),
      roles: FORECAST_READERS,
    },
    {
      path: 'overrides',
      label: 'Overrides',
      icon: 'edit_note',
      heading: 'Forecast overrides',
      description: 'Adjust a statistical forecast with your own judgement, with a record of who changed what and why.',
      loadComponent: () => import('./overrides/overrides-page').then((m) => m.OverridesPage),
      /** Overrides are the analysts' judgement; managers read the result in the explorer. */
      roles: ['admin', 'forecast_analyst'],
    },
    {
      path: 'promotions',
      label: 'Promotions',
      icon: 'sell',
      heading: 'Planned promotions',
      description: 'Plan a promotion, price or display for a product, see the forecast with and without it, and save it for the next forecast run.',
      loadComponent: () => import('./promotions/promotions-page').then((m) => m.PromotionsPage),
      roles: FORECAST_READERS,
    },
    {
      path: 'outliers',
      label: 'Outliers',
      icon: 'scatter_plot',
      heading: 'Outliers',
      description: 'Weeks far outside their series\' usual range, corrected for fitting: review the series with the most, and accept or reject each correction.',
      loadComponent: () => import('./outliers/outliers-page').then((m) => m.OutliersPage),
      roles: FORECAST_READERS,
    },
    {
      path: 'accuracy',
      label: 'Accuracy',
      icon: 'fact_check',
      heading: 'Forecast accuracy',
      description: 'How past forecasts compare with what actually sold, by model, category and horizon.',
      loadComponent: () => import('./accuracy/accuracy-page').then((m) => m.AccuracyPage),
      roles: FORECAST_READERS,
    },
    {
      path: 'runs',
      label: 'Runs',
      icon: 'model_training',
      heading: 'Forecast runs',
      description: 'Start forecast runs and follow their progress and the models they choose.',
      loadComponent: () => import('./runs/runs-page').then((m) => m.RunsPage),
      roles: FORECAST_READERS,
    },
    {
      path: 'uploads',
      label: 'Uploads',
      icon: 'upload_file',
      heading: 'Data uploads',
      description: 'Upload weekly sales, product and store CSV files and download the rows that were rejected.',
      loadComponent: () => import('./uploads/uploads-page').then((m) => m.UploadsPage),
      /** The data team's page (DESIGN.md, Roles): analysts and managers do not send files. */
      roles: ['admin', 'data_engineer'],
    },
  ],
};
