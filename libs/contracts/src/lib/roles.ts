/** The four roles of DESIGN.md. A user may hold several. */
export const Roles = {
  admin: 'admin',
  dataEngineer: 'data_engineer',
  forecastAnalyst: 'forecast_analyst',
  categoryManager: 'category_manager',
} as const;

export type Role = (typeof Roles)[keyof typeof Roles];

export const ALL_ROLES: readonly Role[] = Object.values(Roles);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}
