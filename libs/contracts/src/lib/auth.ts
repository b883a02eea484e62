import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from './paging';
import { ALL_ROLES, Role } from './roles';

export const AuthPatterns = {
  login: 'auth.session.create',
  refresh: 'auth.session.refresh',
  logout: 'auth.session.revoke',
  verifySession: 'auth.session.verify',
  listUsers: 'auth.users.list',
  createUser: 'auth.users.create',
  updateUser: 'auth.users.update',
  resetPassword: 'auth.users.reset-password',
} as const;

const normaliseEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

const combine =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((decorate) => decorate(target, key));

/** An email, compared and stored lower-cased. */
const EmailField = () =>
  combine(Transform(normaliseEmail), IsEmail({}, { message: 'email must be an email address' }), MaxLength(254));

/** A non-empty set of known roles. */
const RolesField = () =>
  combine(
    IsArray(),
    ArrayMinSize(1),
    ArrayUnique(),
    IsIn(ALL_ROLES, { each: true, message: `roles must each be one of ${ALL_ROLES.join(', ')}` }),
  );

export class LoginRequest {
  @EmailField()
  email!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}

export class RefreshRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken!: string;
}

/** Sent by the gateway for every authenticated request: is this session still alive? */
export class VerifySessionRequest {
  @IsUUID()
  userId!: string;

  @IsUUID()
  sessionId!: string;
}

/** The answer to VerifySessionRequest: who the session's user is now, and when the session ends at the latest (its maximum age). */
export interface VerifiedSession extends UserView {
  sessionEndsAt: string;
}

export class LogoutRequest {
  @IsUUID()
  sessionId!: string;
}

const PASSWORD_MIN = 10;

export class CreateUserRequest {
  @EmailField()
  email!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(1024)
  password!: string;

  @RolesField()
  roles!: Role[];
}

export class UpdateUserRequest {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @RolesField()
  roles?: Role[];

  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

/** `UpdateUserRequest` plus the target, as it travels to the auth service. */
export class UpdateUserCommand extends UpdateUserRequest {
  @IsUUID()
  id!: string;

  @IsUUID()
  actorId!: string;
}

export class ResetPasswordRequest {
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(1024)
  password!: string;
}

export class ResetPasswordCommand extends ResetPasswordRequest {
  @IsUUID()
  id!: string;
}

export class ListUsersQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  roles: Role[];
}

export interface UserAdminView extends UserView {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Answer of login and refresh. `expiresIn` is the access token's lifetime in seconds. */
export interface SessionView {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserView;
}

/** Claims of the access token. `sid` names the session (the refresh-token family). */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  email: string;
  name: string;
  roles: Role[];
}
