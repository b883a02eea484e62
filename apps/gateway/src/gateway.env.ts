import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, Min, MinLength } from 'class-validator';
import { BrokerEnv } from '@tideline/server-kit';

export class GatewayEnv extends BrokerEnv {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65_535)
  GATEWAY_PORT!: number;

  /** Comma-separated browser origins allowed by CORS. */
  @IsString()
  @IsNotEmpty()
  CORS_ORIGINS!: string;

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
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE!: number;
}
