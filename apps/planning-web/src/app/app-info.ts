import type { NavItem } from '@tideline/ui';

export const APP_TITLE = 'Tideline Planning';

/** Who may use this app (DESIGN.md, Roles): category managers, and admins who can do everything. */
export const ALLOWED_ROLES = ['admin', 'category_manager'] as const;

export const NAV: readonly NavItem[] = [
  { label: 'Plans', path: '/plans', icon: 'event_note' },
  { label: 'Budget', path: '/budget', icon: 'account_balance_wallet' },
  { label: 'Assortment', path: '/assortment', icon: 'category' },
  { label: 'Strategy', path: '/strategy', icon: 'flag' },
  { label: 'Approval', path: '/approval', icon: 'task_alt' },
];
