import type { NavItem } from '@tideline/ui';

export const APP_TITLE = 'Tideline Forecasting';

/** Who may use this app (DESIGN.md, Roles): everyone who works with forecasts or their data. */
export const ALLOWED_ROLES = ['admin', 'forecast_analyst', 'data_engineer', 'category_manager'] as const;

export const NAV: readonly NavItem[] = [
  { label: 'Explorer', path: '/explorer', icon: 'insights' },
  { label: 'Overrides', path: '/overrides', icon: 'edit_note' },
  { label: 'Accuracy', path: '/accuracy', icon: 'fact_check' },
  { label: 'Runs', path: '/runs', icon: 'model_training' },
  { label: 'Uploads', path: '/uploads', icon: 'upload_file' },
];
