import type { Role } from '@tideline/contracts';

/** Re-exported so that web code outside the apps (`libs/ui`) can name roles without importing contracts. */
export type { Role };

/** How each role is named on screen. `Record<Role, …>` makes a new role a compile error here. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Admin',
  data_engineer: 'Data engineer',
  forecast_analyst: 'Forecast analyst',
  category_manager: 'Category manager',
};

export function roleLabel(role: Role | string): string {
  return (ROLE_LABELS as Readonly<Record<string, string>>)[role] ?? role;
}

export function roleLabels(roles: readonly (Role | string)[]): string[] {
  return roles.map(roleLabel);
}
