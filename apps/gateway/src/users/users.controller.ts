import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AuthPatterns,
  CreateUserRequest,
  ListUsersQuery,
  Page,
  ResetPasswordRequest,
  Roles,
  UpdateUserRequest,
  UserAdminView,
} from '@tideline/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { ServiceBus } from '../messaging/service-bus';
import { SessionCache } from '../auth/session-cache';

@ApiTags('users')
@ApiBearerAuth()
@AllowRoles(Roles.admin)
@Controller('users')
export class UsersController {
  constructor(
    private readonly bus: ServiceBus,
    private readonly sessions: SessionCache,
  ) {}

  @Get()
  list(@Query() query: ListUsersQuery): Promise<Page<UserAdminView>> {
    return this.bus.send(AuthPatterns.listUsers, query);
  }

  @Post()
  create(@Body() request: CreateUserRequest): Promise<UserAdminView> {
    return this.bus.send(AuthPatterns.createUser, request);
  }

  @Patch(':id')
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() request: UpdateUserRequest,
    @CurrentUser() actor: AuthenticatedUser,
  ): Promise<UserAdminView> {
    const user = await this.bus.send(AuthPatterns.updateUser, { ...request, id, actorId: actor.id });
    // Disabled, or other roles: every live session of the user is asked about again.
    await this.sessions.ended({ userId: id });
    return user;
  }

  @Post(':id/password')
  @HttpCode(HttpStatus.OK)
  async resetPassword(@Param('id', new ParseUUIDPipe()) id: string, @Body() request: ResetPasswordRequest): Promise<UserAdminView> {
    const user = await this.bus.send(AuthPatterns.resetPassword, { ...request, id });
    await this.sessions.ended({ userId: id });
    return user;
  }
}
