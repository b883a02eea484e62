import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ALL_ROLES, AuthPatterns, LoginRequest, RefreshRequest, SessionView, UserView } from '@tideline/contracts';
import { ServiceBus } from '../messaging/service-bus';
import { AllowRoles, Public } from './access.decorators';
import { AuthenticatedUser, CurrentUser } from './authenticated-user';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly bus: ServiceBus) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login')
  @HttpCode(HttpStatus.OK)
  login(@Body() request: LoginRequest): Promise<SessionView> {
    return this.bus.send(AuthPatterns.login, request);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(HttpStatus.OK)
  refresh(@Body() request: RefreshRequest): Promise<SessionView> {
    return this.bus.send(AuthPatterns.refresh, request);
  }

  @ApiBearerAuth()
  @AllowRoles(...ALL_ROLES)
  @Post('auth/logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.bus.send(AuthPatterns.logout, { sessionId: user.sessionId });
  }

  @ApiBearerAuth()
  @AllowRoles(...ALL_ROLES)
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser): UserView {
    return { id: user.id, email: user.email, name: user.name, roles: user.roles };
  }
}
