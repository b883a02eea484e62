import { Type } from 'class-transformer';
import { IsBooleanString, IsEmail, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { ServiceEnv } from '@tideline/server-kit';

export class AuthEnv extends ServiceEnv {
  /** HS256 key shared with the gateway, which verifies what this service signs. */
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  @IsString()
  @IsNotEmpty()
  JWT_ISSUER!: string;

  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE!: string;

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
