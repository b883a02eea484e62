import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { UserView } from '@tideline/contracts';

/** What the JWT strategy attaches to the request: the user as the auth service sees them now. */
export interface AuthenticatedUser extends UserView {
  sessionId: string;
}

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedUser => ctx.switchToHttp().getRequest().user,
);
