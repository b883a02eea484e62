import { Type } from 'class-transformer';
import { IsBooleanString, IsEmail, IsInt, IsOptional, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { InProduction, ServiceEnv, WithJwtEnv } from '@tideline/server-kit';

/** The demo password of DESIGN.md and .env.example, public by design. */
const DEMO_PASSWORD_PUBLISHED = 'tideline-demo';

export class AuthEnv extends WithJwtEnv(ServiceEnv) {
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL_SECONDS!: number;

  /** The longest a login lasts, however often its tokens are refreshed (then: sign in again). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SESSION_MAX_AGE_SECONDS!: number;

  /** "true" seeds the demo users of DESIGN.md (never overwriting an existing account). */
  @IsBooleanString()
  @InProduction('noDemoUsers', (value) => value === 'false', 'must be false (no demo accounts with a published password)')
  SEED_DEMO_USERS!: string;

  @IsOptional()
  @IsString()
  @MinLength(8)
  DEMO_PASSWORD?: string;

  @IsEmail()
  ADMIN_EMAIL!: string;

  /** The first admin's password; created only if no admin exists yet. Required in production, and not a demo one. */
  @ValidateIf((env: AuthEnv) => env.NODE_ENV === 'production' || env.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD must be set' })
  @MinLength(8)
  @InProduction('notDemoPassword', (value) => value !== DEMO_PASSWORD_PUBLISHED, 'must not be the published demo password')
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsString()
  NODE_ENV?: string;
}
