import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import {
  AuthPatterns,
  CreateUserRequest,
  ListUsersQuery,
  LoginRequest,
  LogoutRequest,
  Page,
  RefreshRequest,
  ResetPasswordCommand,
  SessionView,
  UpdateUserCommand,
  UserAdminView,
  VerifiedSession,
  VerifySessionRequest,
} from '@tideline/contracts';
import { runOnce } from '@tideline/server-kit';
import { DataSource } from 'typeorm';
import { Outcome, SessionsService } from './sessions/sessions.service';
import { UsersService } from './users/users.service';

function settle<T>(outcome: Outcome<T>): T {
  if ('refused' in outcome) throw outcome.refused;
  return outcome.ok;
}

/** Thin message handlers: validated payload in, service call, reply out. */
@Controller()
export class AuthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  // Replies holding tokens are not stored for replay: a redelivered login/refresh is refused instead.
  @MessagePattern(AuthPatterns.login)
  async login(@Payload() request: LoginRequest, @Ctx() ctx: RmqContext): Promise<SessionView> {
    return settle(await runOnce(this.dataSource, ctx, (m) => this.sessions.login(m, request), { storeReply: false }));
  }

  @MessagePattern(AuthPatterns.refresh)
  async refresh(@Payload() request: RefreshRequest, @Ctx() ctx: RmqContext): Promise<SessionView> {
    return settle(
      await runOnce(this.dataSource, ctx, (m) => this.sessions.refresh(m, request.refreshToken), { storeReply: false }),
    );
  }

  @MessagePattern(AuthPatterns.logout)
  logout(@Payload() request: LogoutRequest): Promise<{ revoked: boolean }> {
    return this.sessions.logout(request.sessionId);
  }

  @MessagePattern(AuthPatterns.verifySession)
  verify(@Payload() request: VerifySessionRequest): Promise<VerifiedSession> {
    return this.sessions.verify(request.userId, request.sessionId);
  }

  @MessagePattern(AuthPatterns.listUsers)
  list(@Payload() query: ListUsersQuery): Promise<Page<UserAdminView>> {
    return this.users.list(query);
  }

  @MessagePattern(AuthPatterns.createUser)
  create(@Payload() request: CreateUserRequest, @Ctx() ctx: RmqContext): Promise<UserAdminView> {
    // The digest that tells a reused Idempotency-Key leaves the password out: it is kept, and must not reveal one.
    return runOnce(this.dataSource, ctx, (m) => this.users.create(m, request), { request: { ...request, password: undefined } });
  }

  @MessagePattern(AuthPatterns.updateUser)
  update(@Payload() command: UpdateUserCommand, @Ctx() ctx: RmqContext): Promise<UserAdminView> {
    return runOnce(this.dataSource, ctx, (m) => this.users.update(m, command));
  }

  @MessagePattern(AuthPatterns.resetPassword)
  resetPassword(@Payload() command: ResetPasswordCommand, @Ctx() ctx: RmqContext): Promise<UserAdminView> {
    return runOnce(this.dataSource, ctx, (m) => this.users.resetPassword(m, command));
  }
}
