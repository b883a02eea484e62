import { SetMetadata } from '@nestjs/common';
import { Role } from '@tideline/contracts';

export const ALLOWED_ROLES = 'tideline:allowed-roles';
export const PUBLIC_ROUTE = 'tideline:public-route';

/** The roles a route admits. A route with neither this nor @Public() admits nobody. */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** A route that needs no token (login, refresh, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
