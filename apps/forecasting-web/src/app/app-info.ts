import type { AppInfo } from '@tideline/ui';

/** What this app is; the login page, shell, role guard and "no access" page come from `libs/ui` (app-frame). */
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
    },
    {
      path: 'overrides',
      label: 'Overrides',
      icon: 'edit_note',
      heading: 'Forecast overrides',
      description: 'Adjust a statistical forecast with your own judgement, with a record of who changed what and why.',
    },
    {
      path: 'accuracy',
      label: 'Accuracy',
      icon: 'fact_check',
      heading: 'Forecast accuracy',
      description: 'How past forecasts compare with what actually sold, by model, category and horizon.',
    },
    {
      path: 'runs',
      label: 'Runs',
      icon: 'model_training',
      heading: 'Forecast runs',
      description: 'Start forecast runs and follow their progress and the models they choose.',
    },
    {
      path: 'uploads',
      label: 'Uploads',
      icon: 'upload_file',
      heading: 'Data uploads',
      description: 'Upload weekly sales, product and store CSV files and download the rows that were rejected.',
    },
  ],
};
