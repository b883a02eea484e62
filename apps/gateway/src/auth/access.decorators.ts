import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Role } from '@tideline/contracts';

export const ALLOWED_ROLES = 'tideline:allowed-roles';
export const PUBLIC_ROUTE = 'tideline:public-route';
/** The OpenAPI extension that publishes each route's access decision (read by the authorization matrix test). */
export const OPENAPI_ACCESS = 'x-tideline-access';

/** A route's access decision as the OpenAPI document publishes it. */
export interface RouteAccess {
  roles?: Role[];
  public?: boolean;
}

/** The roles a route admits. A route with neither this nor @Public() admits nobody. */
export const AllowRoles = (...roles: Role[]) => applyDecorators(SetMetadata(ALLOWED_ROLES, roles), ApiExtension(OPENAPI_ACCESS, { roles }));

/** A route that needs no token (login, refresh, health). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(OPENAPI_ACCESS, { public: true }));
