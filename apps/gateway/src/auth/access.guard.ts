import { ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Role } from '@tideline/contracts';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './access.decorators';
import { AuthenticatedUser } from './authenticated-user';

/**
 * Global guard, deny by default: a public route passes; any other needs a valid token AND a
 * role the route names. A route that names no roles is closed to everyone.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    await super.canActivate(context);
    const allowed = this.reflector.getAllAndOverride<Role[]>(ALLOWED_ROLES, targets) ?? [];
    const user: AuthenticatedUser = context.switchToHttp().getRequest().user;
    if (!user.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenException(
        allowed.length === 0 ? 'This route is closed' : `This needs one of the roles: ${allowed.join(', ')}`,
      );
    }
    return true;
  }
}
