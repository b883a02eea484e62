import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, AuthPatterns, LoginRequest, RefreshRequest, SessionView, UserView } from '@tideline/contracts';
import { ServiceBus } from '../messaging/service-bus';
import { AllowRoles, Public } from './access.decorators';
import { AuthenticatedUser, CurrentUser } from './authenticated-user';
import { KnownAddresses, loginAccount } from './known-addresses';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { SessionCache } from './session-cache';
import { RemoteCallError } from '@tideline/server-kit';
import type { Request } from 'express';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly bus: ServiceBus,
    private readonly known: KnownAddresses,
    private readonly sessions: SessionCache,
  ) {}

  /** Signs in with email and password: an access token, a refresh token and the user. */
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('auth/login')
  @HttpCode(HttpStatus.OK)
  async login(@Body() request: LoginRequest, @Req() req: Request): Promise<SessionView> {
    const session = await this.bus.send(AuthPatterns.login, request);
    // From now on this address is the owner's: the per-account limit no longer counts it.
    await this.known.remember(loginAccount(req), req.ip).catch(() => undefined);
    return session;
  }

  /** Trades a refresh token for a new pair (the old refresh token stops working). */
  @Public()
  @Post('auth/refresh')
  @HttpCode(HttpStatus.OK)
  async refresh(@Body() request: RefreshRequest): Promise<SessionView> {
    try {
      return await this.bus.send(AuthPatterns.refresh, request);
    } catch (error) {
      // A refusal that ended the session (token reuse, maximum age) names it: its access tokens stop now.
      const sessionId = error instanceof RemoteCallError ? error.remote.details?.['sessionId'] : undefined;
      if (typeof sessionId === 'string') await this.sessions.ended({ sessionId });
      throw error;
    }
  }

  /** Ends the session of the access token, on every gateway at once. */
  @ApiBearerAuth()
  @AllowRoles(...ALL_ROLES)
  @Post('auth/logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.bus.send(AuthPatterns.logout, { sessionId: user.sessionId });
    await this.sessions.ended({ sessionId: user.sessionId });
  }

  /** The signed-in user: id, email, name and roles. */
  @ApiBearerAuth()
  @AllowRoles(...ALL_ROLES)
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser): UserView {
    return { id: user.id, email: user.email, name: user.name, roles: user.roles };
  }
}
