import { Type } from 'class-transformer';
import { IsBooleanString, IsEmail, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { ServiceEnv, WithJwtEnv } from '@tideline/server-kit';

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

  /** "true" seeds the demo users of DESIGN.md (never overwriting an existing account). */
  @IsBooleanString()
  SEED_DEMO_USERS!: string;

  @IsOptional()
  @IsString()
  @MinLength(8)
  DEMO_PASSWORD?: string;

  @IsEmail()
  ADMIN_EMAIL!: string;

  /** The first admin's password; created only if no admin exists yet. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  ADMIN_PASSWORD?: string;
}
