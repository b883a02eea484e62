import {
  CreateUserRequest,
  ListUsersQuery,
  LoginRequest,
  LogoutRequest,
  RefreshRequest,
  ResetPasswordCommand,
  SessionView,
  UpdateUserCommand,
  UserAdminView,
  UserView,
  VerifySessionRequest,
  AuthPatterns,
} from './auth';
import { ServiceHealthView } from './health';
import { Page } from './paging';

/**
 * Request and reply type of every request/reply pattern. The gateway's typed `send()`
 * and the services' handlers both name these, so a drift is a compile error.
 */
export interface RpcContract {
  [AuthPatterns.login]: { req: LoginRequest; res: SessionView };
  [AuthPatterns.refresh]: { req: RefreshRequest; res: SessionView };
  [AuthPatterns.logout]: { req: LogoutRequest; res: { revoked: boolean } };
  [AuthPatterns.verifySession]: { req: VerifySessionRequest; res: UserView };
  [AuthPatterns.listUsers]: { req: ListUsersQuery; res: Page<UserAdminView> };
  [AuthPatterns.createUser]: { req: CreateUserRequest; res: UserAdminView };
  [AuthPatterns.updateUser]: { req: UpdateUserCommand; res: UserAdminView };
  [AuthPatterns.resetPassword]: { req: ResetPasswordCommand; res: UserAdminView };
  'auth.health.check': { req: Record<string, never>; res: ServiceHealthView };
  'catalog.health.check': { req: Record<string, never>; res: ServiceHealthView };
  'sales.health.check': { req: Record<string, never>; res: ServiceHealthView };
  'forecast.health.check': { req: Record<string, never>; res: ServiceHealthView };
  'planning.health.check': { req: Record<string, never>; res: ServiceHealthView };
}

export type RpcPattern = keyof RpcContract;
export type RpcRequest<P extends RpcPattern> = RpcContract[P]['req'];
export type RpcReply<P extends RpcPattern> = RpcContract[P]['res'];
