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

@ApiTags('users')
@ApiBearerAuth()
@AllowRoles(Roles.admin)
@Controller('users')
export class UsersController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  list(@Query() query: ListUsersQuery): Promise<Page<UserAdminView>> {
    return this.bus.send(AuthPatterns.listUsers, query);
  }

  @Post()
  create(@Body() request: CreateUserRequest): Promise<UserAdminView> {
    return this.bus.send(AuthPatterns.createUser, request);
  }

  @Patch(':id')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() request: UpdateUserRequest,
    @CurrentUser() actor: AuthenticatedUser,
  ): Promise<UserAdminView> {
    return this.bus.send(AuthPatterns.updateUser, { ...request, id, actorId: actor.id });
  }

  @Post(':id/password')
  @HttpCode(HttpStatus.OK)
  resetPassword(@Param('id', new ParseUUIDPipe()) id: string, @Body() request: ResetPasswordRequest): Promise<UserAdminView> {
    return this.bus.send(AuthPatterns.resetPassword, { ...request, id });
  }
}
