import { Role, Roles } from '@tideline/contracts';

/** The demo accounts of DESIGN.md's public contract. */
export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; roles: Role[] }> = [
  { email: 'data@tideline.local', name: 'Dana Data', roles: [Roles.dataEngineer] },
  { email: 'analyst@tideline.local', name: 'Avery Analyst', roles: [Roles.forecastAnalyst] },
  { email: 'manager@tideline.local', name: 'Morgan Manager', roles: [Roles.categoryManager] },
  { email: 'manager2@tideline.local', name: 'Riley Manager', roles: [Roles.categoryManager] },
];
