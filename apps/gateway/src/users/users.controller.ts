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

  /** Users with their roles and whether they are active. */
  @Get()
  list(@Query() query: ListUsersQuery): Promise<Page<UserAdminView>> {
    return this.bus.send(AuthPatterns.listUsers, query);
  }

  /** Adds a user with roles and a first password. */
  @Post()
  create(@Body() request: CreateUserRequest): Promise<UserAdminView> {
    return this.bus.send(AuthPatterns.createUser, request);
  }

  /** Changes a user's name, roles or active flag; their sessions end when roles or the flag change. */
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

  /** Sets a new password for a user and ends their sessions. */
  @Post(':id/password')
  @HttpCode(HttpStatus.OK)
  async resetPassword(@Param('id', new ParseUUIDPipe()) id: string, @Body() request: ResetPasswordRequest): Promise<UserAdminView> {
    const user = await this.bus.send(AuthPatterns.resetPassword, { ...request, id });
    await this.sessions.ended({ userId: id });
    return user;
  }
}
